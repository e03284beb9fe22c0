import groovy.json.JsonSlurper

// Four builds (invoker.properties): scan, up to date, policy changed, forced.
def out = new File(basedir, 'target/buildgate/docker')
def images = new File(out, 'images.json')
def refs = images.isFile() ? new JsonSlurper().parse(images).images.collectMany { it.refs } : []
try {
  def log = new File(basedir, 'build.log').text
  def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
  assert runs.size() == 4 : "expected 4 Maven runs, found ${runs.size()}"
  runs.each { assert it.contains('BUILD SUCCESS') }
  def (first, same, policy, forced) = runs
  def row = /(?m)^\[INFO\] tiny\s+sha256:[0-9a-f]{12}\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+/

  assert first.contains('tiny: scanning (no passing scan recorded)')
  assert first.contains('Scanning 1 image(s) with Trivy 0.68.2')
  assert first =~ (row + /PASSED$/)

  // nothing changed: Trivy does not scan, the last verdict is shown as such, reports stay
  assert same.contains('docker:scan UP-TO-DATE: [tiny] passed their last scan with the same image, Trivy, DB, ignore files and policy')
  assert !same.contains('Scanning 1 image(s)')
  assert same =~ (row + /PASSED \(up to date\)$/)
  ['sarif', 'json'].each { assert new File(out, "trivy-tiny.${it}").isFile() }

  assert policy.contains('tiny: scanning (configuration changed (policy-severities))')
  assert policy.contains('Scanning 1 image(s)')
  assert forced.contains('Scanning 1 image(s)') && !forced.contains('UP-TO-DATE')
  assert new File(basedir, 'target/buildgate/summary.md').text.contains('✅ PASSED · C 0')
} finally {
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}
true
