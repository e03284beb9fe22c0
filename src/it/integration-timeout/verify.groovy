def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('ready: service fine log')
assert log =~ /stack not ready after 4 s; never ready: service slow healthy \(health: starting\)/
// the last lines of the service that was not ready, not of the others
assert log =~ /slow \| still warming up/
assert !(log =~ /fine \| fine/)
def logs = new File(basedir, 'target/buildgate/integration/logs')
assert new File(logs, 'slow.log').text.contains('still warming up')
assert !new File(basedir, 'target/buildgate/integration/stack.json').exists()
assert "docker ps -aq --filter label=dev.buildgate.project=dev.buildgate.it:integration-timeout".execute().text.trim() == ''
true
