import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[test] second build done')
assert log.contains('[test] first stack still answers as first')
assert !log.contains('left by a crashed build')
def first = new JsonSlurper().parse(new File(basedir, 'target/buildgate/integration/result.json'))
assert first.exitCode == 0
// the second build collected its own logs from its own stack
def secondLogs = new File(basedir, 'target/second/logs/app.log')
assert secondLogs.isFile()
assert "docker ps -aq --filter label=dev.buildgate.project=dev.buildgate.it:integration-parallel".execute().text.trim() == ''
true
