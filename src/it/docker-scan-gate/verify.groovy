import groovy.json.JsonSlurper

def name = basedir.name
try {
  def log = new File(basedir, 'build.log').text
  def out = new File(basedir, 'target/buildgate/docker')
  assert log.contains('BUILD FAILURE')
  assert log =~ /docker:scan failed: app has 2 fixable CRITICAL\/HIGH vulnerabilities \(CVE-2099-10001 HIGH libssl3 \S+ -> \S+\+buildgate1/
  // the console table: image, digest, counts, fixable, ignored, verdict
  assert log =~ /IMAGE\s+DIGEST\s+CRITICAL\s+HIGH\s+MEDIUM\s+LOW\s+UNKNOWN\s+FIXABLE\s+IGNORED\s+VERDICT/
  assert log =~ /app\s+sha256:[0-9a-f]{12}\s+2\s+2\s+4\s+1\s+0\s+7\s+0\s+FAILED \(2 blocking/
  assert log =~ /worker\s+-\s+(-\s+){7}NOT SCANNED \(build SKIPPED: dependency app failed\)/

  def sarif = new JsonSlurper().parse(new File(out, 'trivy-app.sarif'))
  assert sarif.version == '2.1.0' && sarif.runs.size() == 1
  def rule = sarif.runs[0].tool.driver.rules.find { it.id == 'CVE-2099-10001' }
  assert rule.defaultConfiguration.level == 'error' && rule.properties.'security-severity' == '7.5'
  assert sarif.runs[0].results.size() == 9
  assert new File(out, 'trivy-app.json').length() > 0
  assert !new File(out, 'trivy-worker.sarif').exists()

  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('Image scan (Trivy)')
  assert summary.contains('FAILED: 2 blocking')
  assert summary.contains('NOT SCANNED: build SKIPPED: dependency app failed')
  assert summary.contains("docker pull buildgate-it/${name}:it")
  assert summary.contains('2.3 s (BUILT)')
  assert !summary.contains('PASSED')
} finally {
  ['docker', 'rmi', '-f', "buildgate-it/${name}:it"].execute().waitFor()
}
true
