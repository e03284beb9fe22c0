new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/scan-image-fixture.groovy'))
// now break the database (random bytes, the metadata stays valid)
def junk = new byte[65536]
new Random(7).nextBytes(junk)
new File(basedir, 'trivy-cache/db/trivy.db').bytes = junk
true
