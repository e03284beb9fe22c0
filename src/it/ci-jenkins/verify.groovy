// The Jenkinsfile recipe's run (invoker.properties): tags pushed for the main branch, a JUnit file per
// gate for the junit step, the SARIF files recordIssues reads, and no GitHub workflow commands.
new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/ci-checks.groovy'))
def prefix = '127.0.0.1:5000/ci-jenkins'
try {
  def runs = mavenRuns(basedir)
  assert runs.size() == 1 && runs[0].contains('BUILD SUCCESS')
  assert !runs[0].readLines().any { it.startsWith('::') } : 'GitHub workflow commands outside GitHub Actions'

  // the default branch: its name, sha-<7> and latest, in the registry
  def auth = 'buildgate:buildgate-ci-pass'.bytes.encodeBase64().toString()
  ['backend', 'frontend'].each { img ->
    def c = new URL("http://127.0.0.1:5000/v2/ci-jenkins/${img}/tags/list").openConnection()
    c.setRequestProperty('Authorization', "Basic ${auth}")
    def tags = new groovy.json.JsonSlurper().parse(c.inputStream).tags
    assert tags.containsAll(['main', 'sha-c0ffee0', 'latest']) : "${img} tags in the registry: ${tags}"
  }

  // junit 'target/buildgate/junit/*.xml': every gate a passing test case
  def gates = junitGates(basedir)
  assert gates.keySet().containsAll(['quality-ruff', 'quality-mypy', 'quality-bandit', 'docker-build', 'docker-images']) : gates
  assert gates.containsKey('docs-build') && gates.keySet().any { it.startsWith('integration-') } : gates.keySet()
  assert gates.findAll { k, v -> v[1] != null }.isEmpty() : gates
  // recordIssues(tools: [sarif(pattern: 'target/buildgate/**/*.sarif')])
  def (problems, categories) = sarifUpload(new File(basedir, 'target/buildgate'))
  assert problems.isEmpty() : problems.join('\n')
  assert categories.size() == 5 : categories
} finally {
  removeImages(prefix)
}
true
