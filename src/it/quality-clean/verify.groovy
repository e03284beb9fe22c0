import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('ruff: 0 findings (0 new), PASSED')
assert log.contains('mypy: 0 findings (0 new), PASSED')
assert log.contains('bandit: 0 findings (0 new), 1 below threshold MEDIUM, PASSED')
// second build: every analyzer skipped with one line each
assert log.contains('ruff: 0 findings (0 new), UP-TO-DATE')
assert log.contains('mypy: 0 findings (0 new), UP-TO-DATE')
assert log.contains('bandit: 0 findings (0 new), 1 below threshold MEDIUM, UP-TO-DATE')
assert !log.contains('BUILD FAILURE')
// third build: typecheck and sast alone ran their tool again; lint was skipped by its own property
assert log.count('mypy: 0 findings (0 new), PASSED') == 2
assert log.count('bandit: 0 findings (0 new), 1 below threshold MEDIUM, PASSED') == 2
assert log.contains('quality:lint skipped (buildgate.quality.lint.skip)')
// one SARIF file per analyzer, each its own code scanning category; no combined file repeating them
assert !new File(basedir, 'target/buildgate/quality/quality.sarif').exists()
def runs = ['ruff', 'mypy', 'bandit'].collect { id ->
  def sarif = new JsonSlurper().parse(new File(basedir, "target/buildgate/quality/${id}.sarif"))
  assert sarif.runs.size() == 1 && sarif.runs[0].tool.driver.name == id
  assert sarif.runs[0].automationDetails.id == "buildgate/quality/${id}/"
  sarif.runs[0]
}
assert runs[0].results.isEmpty() && runs[1].results.isEmpty()
// Bandit's LOW B404 (import subprocess) is reported, below the MEDIUM threshold
assert runs[2].results.collect { it.ruleId } == ['B404']
// fourth build (-Dbuildgate.quality.skip): every analyzer's section is this build's SKIPPED, none of the
// earlier builds' verdicts is shown as this build's, on disk and on the console
def summary = new File(basedir, 'target/buildgate/summary.md').text
assert summary.contains('**Result:** \u23ED\uFE0F every step was skipped, nothing was checked')
['Lint (ruff)', 'Type check (mypy)', 'SAST (bandit)'].each { title ->
  assert summary.contains("| ${title} | \u23ED\uFE0F skipped |") : title
}
assert summary.count('Skipped (-Dbuildgate.quality.skip).') == 3
assert !summary.contains('passed') && !summary.contains('up to date')
def console = log.substring(log.lastIndexOf('Buildgate pipeline summary ('))
assert console.contains('Result: \u23ED\uFE0F every step was skipped')
assert !console.contains('passed')
true
