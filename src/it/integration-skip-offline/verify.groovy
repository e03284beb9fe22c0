// Four builds (invoker.properties): the first runs the integration tests offline, the other three
// skip them, each with another property.
def log = new File(basedir, 'build.log').text
def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
assert runs.size() == 4 : "expected 4 Maven runs, found ${runs.size()}"

// 1. offline: the stack ran without pulling, the command saw UV_OFFLINE=1
def offline = runs[0]
assert offline.contains('BUILD SUCCESS')
assert offline =~ /stack bg-integration-skip-offline-[0-9a-f]{8} is ready/
assert offline.contains('[test] UV_OFFLINE=1')
assert offline.contains('integration tests passed: exit 0')

// 2-4. skipped: every goal says why, nothing starts
['skipITs', 'skipTests', 'maven.test.skip'].eachWithIndex { property, i ->
  def run = runs[i + 1]
  assert run.contains('BUILD SUCCESS')
  ['up', 'test', 'down', 'verify'].each { goal ->
    assert run.contains("integration:${goal} skipped (${property}): no stack is started") : "${property}: ${goal}"
  }
  assert !run.contains('[test]') && !run.contains('starting stack') && !run.contains('is ready')
}

// the summary says why; since the clean in 2 nothing of a stack was written
def summary = new File(basedir, 'target/buildgate/summary.md').text
assert summary.contains('Integration tests SKIPPED (-Dmaven.test.skip): no stack was started and no test command ran.')
def out = new File(basedir, 'target/buildgate/integration')
assert !out.exists() : "written by a skipped build: ${out.list()}"

// no container, no network
def containers = ['docker', 'ps', '-aq', '--filter', 'label=dev.buildgate.project=dev.buildgate.it:integration-skip-offline'].execute().text.trim()
assert containers == '' : "containers left: ${containers}"
def networks = ['docker', 'network', 'ls', '--format', '{{.Name}}'].execute().text.readLines().findAll { it.startsWith('bg-integration-skip-offline') }
assert networks.isEmpty() : "networks left: ${networks}"
true
