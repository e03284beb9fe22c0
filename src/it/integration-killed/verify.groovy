def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log =~ /integration:down is not part of this build \(integration:up\): stack bg-integration-killed-[0-9a-f]{8} keeps running/
def m = log =~ /removing stack (bg-integration-killed-[0-9a-f]{8}) left by a crashed build/
assert m.find()
// the stack found by label got its logs collected too, in a folder of its own
assert new File(basedir, "target/buildgate/integration/logs/${m.group(1)}/app.log").text.contains('app of a killed build')
def logs = new File(basedir, 'target/buildgate/integration/logs')
assert new File(logs, 'app.log').text.contains('app of a killed build')
assert new File(logs, 'side.log').isFile()
assert !new File(basedir, 'target/buildgate/integration/stack.json').exists()
def key = 'dev.buildgate.project=dev.buildgate.it:integration-killed'
assert "docker ps -aq --filter label=${key}".execute().text.trim() == ''
// named volumes and networks of both stacks are gone too
def vols = "docker volume ls -q".execute().text
assert !(vols =~ /bg-integration-killed-/)
def nets = "docker network ls --format {{.Name}}".execute().text
assert !(nets =~ /bg-integration-killed-/)
// 4: the shutdown hook ran
assert log =~ /build ended before integration:down: tearing down stack bg-integration-killed-[0-9a-f]{8}/
assert log.contains('[test] terminating maven')
// the hook saved the stack log before tearing down (down itself could not run any more)
assert new File(basedir, 'target/term/logs/stack.log').text.contains('app of a killed build')
assert "docker ps -aq --filter label=${key}".execute().text.trim() == ''
true
