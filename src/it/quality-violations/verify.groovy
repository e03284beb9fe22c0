import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// one SARIF file per analyzer (its own code scanning category), no combined one
assert !new File(basedir, 'target/buildgate/quality/quality.sarif').exists()
def runOf = { name ->
  def sarif = new JsonSlurper().parse(new File(basedir, "target/buildgate/quality/${name}.sarif"))
  assert sarif.version == '2.1.0' && sarif.runs.size() == 1
  assert sarif.runs[0].automationDetails.id == "buildgate/quality/${name}/"
  sarif.runs[0]
}
def rules = { name -> runOf(name).results.collect { it.ruleId }.sort() }
assert rules('ruff') == ['B006', 'E711', 'F401', 'F821', 'F841', 'I001', 'W291']
assert rules('mypy') == ['arg-type', 'no-any-return', 'no-untyped-call', 'no-untyped-def', 'return-value']
// all Bandit findings are reported (LOW ones below the MEDIUM threshold too), none from tests/
assert rules('bandit') == ['B101', 'B108', 'B324', 'B404', 'B602']
def banditRun = runOf('bandit')
assert banditRun.results.every { !it.locations[0].physicalLocation.artifactLocation.uri.contains('tests/') }
assert banditRun.results.find { it.ruleId == 'B602' }.locations[0].physicalLocation.artifactLocation.uri == 'backend/app/main.py'
assert rules('ruff-sarif') == ['E711']

// per-analyzer reports exist as well
['ruff', 'mypy', 'bandit', 'ruff-sarif'].each {
  assert new File(basedir, "target/buildgate/quality/${it}.sarif").isFile()
  assert new File(basedir, "target/buildgate/quality/${it}.json").isFile()
}

// console: clickable path:line:col lines, one summary line per analyzer, the build result
assert log.contains('backend/app/main.py:28:5: HIGH [bandit B602]')
assert log.contains('backend/app/main.py:2:8: HIGH [ruff F401]')
assert log.contains('ruff: 7 findings (7 new), FAILED')
assert log.contains('mypy: 5 findings (5 new), FAILED')
assert log.contains('bandit: 3 findings (3 new), 2 below threshold MEDIUM, FAILED')
assert log.contains('ruff-sarif: 1 finding (1 new), FAILED')
assert !log.contains('backend/tests/')
// mypy's notes are shown under their error; the reveal_type note is not counted (5, not 6)
assert log.contains('[mypy arg-type] Argument 1 to "total" has incompatible type "list[int]"; expected "list[float]"')
assert log.contains('    note: "list" is invariant')
// Ruff's fix availability is reported (I001, F401, W291 have safe fixes)
assert log.contains('ruff: 3 of the new findings have a safe automatic fix: run `ruff check --fix` in backend')
assert log.contains('BUILD FAILURE')
assert log.contains('Quality gate failed')
// the secret value never appears in the log
assert !log.contains('it-secret-value')
def summary = new File(basedir, 'target/buildgate/summary.md').text
assert summary.contains('Lint (ruff)') && summary.contains('SAST (bandit)')
true
