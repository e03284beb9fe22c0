import groovy.json.JsonSlurper

def out = new File(basedir, 'target/buildgate/docker')
def json = new JsonSlurper().parse(new File(out, 'images.json'))
def refs = json.images.collectMany { it.refs }
try {
  def log = new File(basedir, 'build.log').text
  assert json.schemaVersion == 1
  assert json.builder == 'engine'
  assert json.success
  assert json.images*.name == ['base', 'other', 'app']
  // second invocation: nothing changed, nothing rebuilt
  assert json.images.every { it.status == 'UP_TO_DATE' }, json.images*.status
  def app = json.images.find { it.name == 'app' }
  assert app.dependsOn == ['base']
  assert app.refs == ['buildgate-it/dag-engine/app:main', 'buildgate-it/dag-engine/app:sha-0123456',
                      'buildgate-it/dag-engine/app:latest', 'buildgate-it/dag-engine/app:extra']
  assert app.imageId.startsWith('sha256:') && app.size > 0
  // first invocation's full log per image, prefixed lines in the build log
  def appLog = new File(out, 'app.log').text
  assert appLog.contains('up to date')
  assert log.contains('[app] ')
  assert log.contains('UP_TO_DATE')
  // first invocation: base and other built concurrently, app only after base
  def at = { String s -> def i = log.indexOf(s); assert i >= 0, "missing in build.log: " + s; i }
  assert at('[other] building') < at('[base] built')
  assert at('[base] building') < at('[other] built')
  assert at('[base] built') < at('[app] building buildgate-it/dag-engine/app:main (after base)')
  assert log.contains('Step 1/') && log.contains('FROM buildgate-it/dag-engine/base:main')
  assert log.contains('dockerignore-ok')
  assert log.contains('generated-dockerfile-not-shipped')   // the RUN in base/Dockerfile   // the RUN in app/Dockerfile checks the .dockerignore rules
  // labels: OCI defaults plus the image's own
  def inspect = ['docker', 'image', 'inspect', '-f', '{{json .Config.Labels}}', app.primaryRef].execute()
  def labels = new JsonSlurper().parseText(inspect.text)
  assert labels['dev.buildgate.it'] == 'docker-dag-engine'   // plugin-level <labels>
  assert labels['com.example.tier'] == 'app'           // the image's own <labels>
  assert labels['org.opencontainers.image.revision'] == '0123456789abcdef0123456789abcdef01234567'
  assert labels['org.opencontainers.image.version'] == '1.0'
  assert labels['org.opencontainers.image.created']
  assert new File(basedir, 'target/buildgate/summary.md').text.contains('Docker images')
} finally {
  ['docker', 'image', 'rm', '-f', *refs].execute().waitFor()
  // untagged leftovers (replaced tags, classic-builder parents) carry the IT's label
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=docker-dag-engine'].execute().waitFor() }
}
true
