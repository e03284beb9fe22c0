import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
// 1: three legacy findings fail the gate
assert log.contains('ruff: 3 findings (3 new), FAILED')
// 2: the baseline accepts them
def baseline = new JsonSlurper().parse(new File(basedir, '.buildgate/quality-baseline.json'))
assert baseline.format == 'buildgate-baseline'
assert baseline.findings.collect { it.ruleId }.sort() == ['E711', 'F401', 'F401']
// 3: green with the baseline
assert log.contains('ruff: 3 findings (0 new), PASSED')
// 4: the new finding (and only it) is new, and the console names it
assert log.contains('ruff: 4 findings (1 new), FAILED')
assert log.contains('app/new_code.py:1:8: HIGH [ruff F401] `json` imported but unused')
true
