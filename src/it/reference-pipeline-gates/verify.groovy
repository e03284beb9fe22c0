// Each run failed for the reason of the gate it broke (invoker.properties), and nothing outlived it.
def removeImages = {
  def refs = ['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'].execute().text.readLines()
      .findAll { it.startsWith('local/reference-pipeline/') }
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}
try {
  def log = new File(basedir, 'build.log').text
  def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
  assert runs.size() == 6 : "expected 6 Maven runs, found ${runs.size()}"
  runs.each { assert it.contains('BUILD FAILURE') }
  def (quality, build, scan, integration, docs, background) = runs

  assert quality =~ /ruff: \d+ findings? \(\d+ new\), FAILED/
  assert quality.contains('F401')
  assert quality =~ /mypy: \d+ findings? \(\d+ new\), FAILED/
  assert quality.contains('return-value')
  assert quality =~ /bandit: \d+ findings? \(\d+ new\).*FAILED/
  assert quality.contains('B602')

  assert build.contains('[base] FAILED')
  assert build.contains('[backend] SKIPPED')
  assert build.contains("[frontend] built ")   // independent of base: still built

  assert scan =~ /(?m)^\[INFO\] backend\s+sha256:\S+.*FAILED \(2 blocking: CVE-2099-10001 HIGH/
  assert scan.contains('CVE-2099-10001')
  assert new File(basedir, 'target/buildgate/docker/trivy-backend.sarif').text.contains('CVE-2099-10001')

  assert integration.contains('test_contract_is_broken')
  assert integration =~ /integration tests failed/
  assert new File(basedir, 'target/buildgate/integration/logs').listFiles().size() > 0

  assert docs.contains('missing-page.md')

  // the same quality failure, run in the background of a full verify: its output is printed as one
  // block and a later Buildgate goal fails the build with the gate's own reason
  assert background.contains('quality:check runs in the background')
  assert background =~ /(?m)^\[ERROR\] quality:check \(background, [0-9.]+ s\) FAILED:$/
  assert background.contains('F401')
  assert background =~ /Failed to execute goal dev\.buildgate:\S+ .*: quality:check \(run in the background\): Quality gate failed: ruff: \d+ findings?/

  def ps = ['docker', 'ps', '-aq', '--filter', 'label=com.docker.compose.project.working_dir=' + basedir.canonicalPath].execute().text.trim()
  assert ps.isEmpty() : "containers left: ${ps}"
} finally {
  removeImages()
}
true
