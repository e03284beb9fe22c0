def name = basedir.name
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD SUCCESS')
  // CVE-2099-10001 (libssl3 + openssl) ignored by .trivyignore, CVE-2099-10004 only for python3.11 by the yaml purl
  assert log =~ /app\s+sha256:[0-9a-f]{12}\s+2\s+0\s+3\s+1\s+0\s+4\s+3\s+PASSED/
  assert log.contains('[WARNING] Trivy ignore entry CVE-2099-88888 (.trivyignore.yaml vulnerabilities[1] (CVE-2099-88888)) matched no vulnerability')
  assert new File(basedir, 'target/buildgate/docker/trivy-app.sarif').isFile()
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('PASSED · C 2 · H 0 · M 3 · L 1 · fixable 4 · ignored 3')
} finally {
  ['docker', 'rmi', '-f', "buildgate-it/${name}:it"].execute().waitFor()
}
true
