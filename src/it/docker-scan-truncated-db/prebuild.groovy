new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/scan-image-fixture.groovy'))
// now cut the private copy to half its size (metadata.json stays valid)
def db = new File(basedir, 'trivy-cache/db/trivy.db')
new RandomAccessFile(db, 'rw').withCloseable { it.setLength(db.length().intdiv(2)) }
true
