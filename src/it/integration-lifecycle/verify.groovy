import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/buildgate/integration')
def json = new JsonSlurper()

assert log.contains('BUILD SUCCESS')
// rendered CI file: every edit, original untouched
def ci = new File(out, 'docker-compose.ci.yaml').text
assert !ci.contains('frontend')
assert ci.contains('host.docker.internal:host-gateway')
assert !ci.contains('DEV_ONLY') && !ci.contains('docker.sock') && !ci.contains('dev.sql')
assert new File(basedir, 'docker-compose.yaml').text.contains('frontend')
// the overrides' environment values are references: compose gets the values in its environment
assert ci =~ /SECRET_KEY=\$\{BUILDGATE_ENV_\d+_SECRET_KEY\}/
assert !ci.contains('ci-secret') && !ci.contains('SECRET_KEY=dev')

// readiness and ports
assert log.contains('ready: service init exited 0')
assert log.contains('ready: service cache healthy')
assert log =~ /ready: https:\/\/127\.0\.0\.1:\d+\/health/
assert log =~ /port: integration\.web\.8443=127\.0\.0\.1:\d+/
assert log.contains('port: integration.cache.8080=127.0.0.1:38517')

// the test command passed and was recorded
def result = json.parse(new File(out, 'result.json'))
assert result.exitCode == 0
assert result.tests.tests == 4 && result.tests.failures == 0
// the container really got SECRET_KEY=ci-secret: check.py asks the web service for its environment
def junit = new File(basedir, 'target/it-reports/junit.xml').text
assert junit.contains('<testcase name="test_backend_env"></testcase>') : junit
assert !log.contains('s3cret-from-env')
assert new File(basedir, 'target/buildgate/summary.md').text.contains('Integration tests')

// logs collected before down
def logs = new File(out, 'logs')
['stack.log', 'web.log', 'db.log', 'init.log', 'cache.log', 'events.jsonl', 'ps.json'].each {
  assert new File(logs, it).isFile() : "missing logs/$it"
}
assert new File(logs, 'init.log').text.contains('seeded')
assert new File(logs, 'events.jsonl').text.contains('"start"')

// overrides on the running containers (docker inspect taken before down)
def inspect = { svc ->
  def f = new File(logs, 'inspect').listFiles().find { it.name ==~ /.*-${svc}-1\.json/ }
  assert f != null : "no inspect of $svc"
  json.parse(f)
}
def web = inspect('web')
// the overrides' keys are there, their values masked (they may be secrets from ${env.X})
assert web.Config.Env.contains('BACKEND_ENV=****')
assert web.Config.Env.contains('SECRET_KEY=****')
assert !web.Config.Env.any { it.startsWith('SECRET_KEY=') && it != 'SECRET_KEY=****' }
assert web.HostConfig.ExtraHosts.contains('host.docker.internal:host-gateway')
assert web.Mounts.any { it.Destination == '/host-home' && it.Source == System.getenv('HOME') }
assert !web.Mounts.any { it.Destination == '/src' }
assert web.Config.Labels['com.docker.compose.depends_on'].contains('db:service_started')
def db = inspect('db')
assert db.Config.Env.contains('CI=****')
assert !db.Config.Env.any { it.startsWith('DEV_ONLY=') }
assert db.Config.Healthcheck == null
assert !db.Mounts.any { it.Destination == '/seed/dev.sql' || it.Destination == '/var/run/docker.sock' }
assert db.Mounts.any { it.Destination == '/data' }
assert db.Config.Labels['com.docker.compose.depends_on'].contains('init:service_completed_successfully')
assert db.Config.Labels['dev.buildgate.project'] == 'dev.buildgate.it:integration-lifecycle'

// nothing left
def project = result.project
assert project ==~ /bg-integration-lifecycle-[0-9a-f]{8}/
def left = { cmd -> cmd.execute().text.trim() }
assert left("docker ps -aq --filter label=com.docker.compose.project=${project}") == ''
assert left("docker network ls -q --filter label=com.docker.compose.project=${project}") == ''
assert left("docker volume ls -q --filter label=com.docker.compose.project=${project}") == ''
assert !new File(out, 'stack.json').exists()

// the secret value is nowhere under target/ (CI uploads it): compose file, render cache, state,
// inspect dumps, logs
def hits = []
new File(basedir, 'target').eachFileRecurse(groovy.io.FileType.FILES) { f ->
  if (new String(f.bytes, 'ISO-8859-1').contains('ci-secret')) hits << f.toString()
}
assert hits.isEmpty() : "ci-secret found in ${hits}"
// nor the credential (masked in the test command's output and the containers' dumps)
assert !log.contains('s3cret-from-env')
true
