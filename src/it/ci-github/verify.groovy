// The GitHub Actions recipe's runs (invoker.properties): annotations, log groups, step summary, image
// tags and the SARIF folder as upload-sarif takes it.
new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/ci-checks.groovy'))
def prefix = 'local/ci-github'
try {
  def runs = mavenRuns(basedir)
  assert runs.size() == 2 : "expected 2 Maven runs, found ${runs.size()}"
  def (broken, clean) = runs
  assert broken.contains('BUILD FAILURE') && clean.contains('BUILD SUCCESS')

  // 1. new findings are annotations (raw workflow commands at the start of a line), capped at the
  //    10 errors GitHub shows per step; the baselined bandit finding is not one of them
  def errors = broken.readLines().findAll { it.startsWith('::error ') }
  assert errors.size() == 10 : errors.join('\n')
  assert errors.every { it.startsWith('::error file=backend-broken/app/broken.py,line=') && it.contains(',title=') } : errors.join('\n')
  assert !broken.contains('title=bandit B602')
  assert broken =~ /\[WARNING\] \d+ of \d+ new findings are not annotated \(GitHub shows 10 errors and 10 warnings per step\)/
  assert broken =~ /bandit: 1 finding \(0 new\)/
  // the tool output is folded, the verdict is not
  ['::group::quality:check', '::endgroup::'].each { assert broken.readLines().contains(it) : it }
  assert broken.readLines().count { it.startsWith('::group::') } == broken.readLines().count { it == '::endgroup::' }
  assert broken.indexOf('::endgroup::') < broken.indexOf('Quality gate failed')

  // 2. the clean pull request: no annotations, every gate passed
  assert !clean.readLines().any { it.startsWith('::error') || it.startsWith('::warning') }
  assert clean.readLines().any { it.startsWith('::group::quality:check') } // reported from the background
  assert clean.readLines().any { it.startsWith('::group::docker:build') }

  // tags from the pull request context: pr-<n> and sha-<7>, no branch tag, no latest
  def tags = imageTags(prefix)
  ['backend', 'frontend'].each { img ->
    assert tags[img]?.containsAll(['pr-7', 'sha-5f3c2b1']) : "${img}: ${tags[img]}"
    assert !tags[img].contains('latest') && !tags[img].any { it.startsWith('feature') } : "${img}: ${tags[img]}"
  }

  // the step summary was appended to (never truncated) by both runs
  def step = new File(basedir, 'github-step-summary.md').text
  assert step.startsWith('## Buildgate pipeline')
  assert step =~ /### \S+ Lint \(ruff\): failed/
  assert step =~ /### \S+ Lint \(ruff\): passed \(updated\)/
  assert step.contains('Image scan (Trivy)')

  // the SARIF folder is one valid upload: a category per analyzer and per image, no combined file
  def target = new File(basedir, 'target/buildgate')
  def (problems, categories) = sarifUpload(target)
  assert problems.isEmpty() : problems.join('\n')
  assert categories == ['buildgate/docker/scan/backend/', 'buildgate/docker/scan/frontend/',
                        'buildgate/quality/bandit/', 'buildgate/quality/mypy/', 'buildgate/quality/ruff/'] : categories
  assert !new File(target, 'quality/quality.sarif').exists()

  // a JUnit file per gate, all passing now
  def gates = junitGates(basedir)
  assert gates.keySet().containsAll(['quality-ruff', 'quality-mypy', 'quality-bandit', 'docker-build', 'docker-images']) : gates
  assert gates.containsKey('docs-build') && gates.keySet().any { it.startsWith('integration-') } : gates.keySet()
  assert gates.findAll { k, v -> v[1] != null }.isEmpty() : gates
} finally {
  removeImages(prefix)
}
true
