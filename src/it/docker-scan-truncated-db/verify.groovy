import groovy.json.JsonSlurper

def name = basedir.name
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD FAILURE')
  assert log =~ /docker:scan could not run: Trivy's vulnerability database \S+trivy-cache\/db\/trivy.db is damaged \(the file is truncated: \d+ bytes, bbolt needs \d+\), so no scan can be trusted: delete \S+ and let Trivy download it again \(unset skipDbUpdate for one build\), or rebuild it/
  assert !log.contains('goroutine') && !log.contains('panic')
  def sarif = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/trivy-app.sarif'))
  assert sarif.runs[0].invocations[0].executionSuccessful == false
  assert sarif.runs[0].results == null : 'results not computed, not "none found"'
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('is damaged')
  assert !summary.contains('PASSED')
} finally {
  ['docker', 'rmi', '-f', "buildgate-it/${name}:it"].execute().waitFor()
}
true
