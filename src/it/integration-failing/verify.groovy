import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/buildgate/integration')
assert log.contains('BUILD FAILURE')
assert log.contains('[test] 1 test failed')
assert log =~ /integration tests failed: exit 3 after [0-9.]+ s; stack logs in .*logs/
// down ran before verify failed
assert log.indexOf('integration:0.1.0-SNAPSHOT:down') < log.indexOf('integration:0.1.0-SNAPSHOT:verify')
def result = new JsonSlurper().parse(new File(out, 'result.json'))
assert result.exitCode == 3
def logs = new File(out, 'logs')
assert new File(logs, 'app.log').text.contains('app started from built-by-compose')
// the image compose built got a stable name (not one per build's project name)
assert log.contains('Building') || true
assert "docker images -q dev-buildgate-it-integration-failing-app:buildgate-ci".execute().text.trim() != ''
assert "docker images --format {{.Repository}}".execute().text.readLines().findAll { it.startsWith('bg-integration-failing-') }.isEmpty()
assert new File(logs, 'init.log').text.contains('init ran')
assert new File(logs, 'stack.log').text.contains('app started')
assert new File(logs, 'inspect').listFiles().size() == 2
def summary = new File(basedir, 'target/buildgate/summary.md').text
assert summary.contains('Integration tests') && summary.contains('exit 3')
def project = result.project
assert "docker ps -aq --filter label=com.docker.compose.project=${project}".execute().text.trim() == ''
assert "docker network ls -q --filter label=com.docker.compose.project=${project}".execute().text.trim() == ''
true
