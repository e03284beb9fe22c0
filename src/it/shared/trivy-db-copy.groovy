// A private copy of the Trivy test DB (.ci/make-trivy-db.sh) in <basedir>/trivy-cache/db.
def db = new File(System.getenv('BUILDGATE_TRIVY_CACHE') ?: ((System.getenv('BUILDGATE_CI_HOME') ?: '/opt/buildgate-ci') + '/trivy-cache'), 'db')
assert new File(db, 'trivy.db').isFile() : "no Trivy test DB in $db: run .ci/make-trivy-db.sh"
def cacheDb = new File(basedir, 'trivy-cache/db')
cacheDb.mkdirs()
['trivy.db', 'metadata.json'].each { new File(cacheDb, it).bytes = new File(db, it).bytes }
true
