// The GitLab CI recipe's runs (invoker.properties): the files its artifacts:reports take (Code
// Quality, JUnit), image tags, and no GitHub workflow commands.
import groovy.json.JsonSlurper
new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/ci-checks.groovy'))
def prefix = 'local/ci-gitlab'
try {
  def runs = mavenRuns(basedir)
  assert runs.size() == 2 : "expected 2 Maven runs, found ${runs.size()}"
  def (clean, broken) = runs
  assert clean.contains('BUILD SUCCESS') && broken.contains('BUILD FAILURE')
  runs.each { r -> assert !r.readLines().any { it.startsWith('::') } : 'GitHub workflow commands outside GitHub Actions' }

  // merge request tags (run 1)
  def tags = imageTags(prefix)
  ['backend', 'frontend'].each { img ->
    assert tags[img]?.containsAll(['pr-12', 'sha-9a8b7c6']) : "${img}: ${tags[img]}"
    assert !tags[img].contains('latest') : "${img}: ${tags[img]}"
  }

  // Code Quality (artifacts:reports:codequality): every analyzer's findings of run 2 in one file
  def cq = new JsonSlurper().parse(new File(basedir, 'target/buildgate/gl-code-quality-report.json'))
  def checks = cq*.check_name as Set
  assert checks.containsAll(['ruff/F401', 'bandit/B602']) && checks.any { it.startsWith('mypy/') } : checks
  cq.each { e ->
    assert e.description && e.fingerprint && e.severity in ['info', 'minor', 'major', 'critical', 'blocker'] : e
    assert e.location.path == 'backend-broken/app/broken.py' && e.location.lines.begin instanceof Integer : e
  }
  assert (cq*.fingerprint as Set).size() == cq.size() : 'fingerprints must be unique'
  assert cq.count { it.check_name == 'ruff/F401' } == 12

  // Container Scanning (artifacts:reports:container_scanning): the images of run 1, without the
  // vulnerabilities .trivyignore accepts (the fixable HIGH CVE-2099-10001 of backend)
  def cs = new JsonSlurper().parse(new File(basedir, 'target/buildgate/gl-container-scanning-report.json'))
  assert cs.version.startsWith('15.') && cs.scan.type == 'container_scanning' && cs.scan.scanner.id == 'trivy'
  assert cs.vulnerabilities.size() > 0 : cs
  assert (cs.vulnerabilities*.location*.image as Set).every { it.startsWith(prefix + '/') } : cs.vulnerabilities*.location*.image
  assert !cs.vulnerabilities.any { it.identifiers[0].value == 'CVE-2099-10001' && it.location.image.contains('/backend') }
  cs.vulnerabilities.each { v ->
    assert v.id && v.severity in ['Info', 'Unknown', 'Low', 'Medium', 'High', 'Critical'] && v.identifiers[0].value : v
    assert v.location.dependency.package.name && v.location.operating_system.startsWith('debian') : v
  }

  // JUnit (artifacts:reports:junit): one file per gate, each a test case with its failure message
  // run 2 (validate) ran only the analyzers: run 1's gate files are an earlier build's and are gone
  def gates = junitGates(basedir)
  assert gates.keySet().containsAll(['quality-ruff', 'quality-mypy', 'quality-bandit']) : gates
  assert !gates.containsKey('docker-build') && !gates.containsKey('docker-images') && !gates.containsKey('docs-build') : gates.keySet()
  assert gates['quality-ruff'][0] == 'Lint (ruff)'
  assert gates['quality-ruff'][1] =~ /^ruff: \d+ findings \(\d+ new\), FAILED$/ : gates['quality-ruff']
  assert gates['quality-bandit'][1] =~ /^bandit: 1 finding \(1 new\), 1 below threshold MEDIUM, FAILED$/ : gates['quality-bandit']
  assert new File(basedir, 'target/buildgate/summary.md').text.contains('**Result:**')
} finally {
  removeImages(prefix)
}
true
