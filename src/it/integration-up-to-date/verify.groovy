// Four builds (invoker.properties): run, up to date, changed environment, forced.
def log = new File(basedir, 'build.log').text
def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
assert runs.size() == 4 : "expected 4 Maven runs, found ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }
def (first, same, changed, forced) = runs
def ran = { run ->
  assert run.contains('[test] 1 test passed')
  assert run =~ /stack bg-integration-up-to-date-[0-9a-f]{8} is ready/
  assert run.contains('integration tests passed: exit 0')
  assert !run.contains('UP-TO-DATE')
}

ran(first)
assert first.contains('integration:up: running the stack (no passing run recorded)')

// nothing changed: one line per goal, no stack, the recorded result
assert same.contains('integration:up UP-TO-DATE: inputs unchanged since the last passing run (exit 0 after')
assert same.contains('stack not started (-Dbuildgate.integration.upToDateCheck=false to run)')
assert same.contains('integration:test UP-TO-DATE')
assert same.contains('integration:down UP-TO-DATE: no stack was started')
assert same.contains('integration tests UP-TO-DATE: last passing run exit 0 after')
assert !same.contains('[test]') && !same.contains('starting stack') && !same.contains('compose:')

ran(changed)
// the changed variable is named, its value is not (a keyed digest)
assert changed =~ /integration:up: running the stack \(configuration changed \(test-environment:GREETING\)\)/
ran(forced)
assert !forced.contains('integration:up: running the stack')

assert new File(basedir, 'target/buildgate/summary.md').text.contains('Integration tests')

// nothing left
def left = ['docker', 'ps', '-aq', '--filter', 'label=dev.buildgate.project=dev.buildgate.it:integration-up-to-date'].execute().text.trim()
assert left == '' : "containers left: ${left}"
true
