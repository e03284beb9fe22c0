import groovy.json.JsonSlurper

// Five builds (invoker.properties).
def images = new File(basedir, 'target/buildgate/docker/images.json')
def refs = images.isFile() ? new JsonSlurper().parse(images).images.collectMany { it.refs } : []
try {
  def log = new File(basedir, 'build.log').text
  def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
  assert runs.size() == 5 : "expected 5 Maven runs, found ${runs.size()}"
  def (help, build, noDb, push, deploy) = runs
  assert help.contains('BUILD SUCCESS')

  // 2. built although pull=always (nothing pulled), scanned offline with the cached database
  assert build.contains('BUILD SUCCESS')
  assert refs.contains('buildgate-it/maven-offline/app:main')
  assert !build.contains("Updating Trivy's")
  assert build =~ /app\s+sha256:[0-9a-f]{12}\s+.*PASSED/

  // 3. no cached database: one line with the fix
  assert noDb.contains('BUILD FAILURE')
  assert noDb.contains('No Trivy vulnerability database in ')
  assert noDb.contains('and Maven is offline (-o), so none is downloaded: run the scan once without -o')

  // 4, 5. publishing refused
  assert push.contains('BUILD FAILURE')
  assert push.contains('offline: docker:push would push the images to the registry; run without -o')
  assert deploy.contains('BUILD FAILURE')
  assert deploy.contains('offline: docs:deploy would push the site to origin; run without -o')
} finally {
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}
true
