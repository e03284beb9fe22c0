import groovy.json.JsonSlurper

def json = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/images.json'))
try {
  def log = new File(basedir, 'build.log').text
  def status = json.images.collectEntries { [it.name, it.status] }
  assert status == [base: 'FAILED', other: 'BUILT', app: 'SKIPPED', tool: 'SKIPPED'] : status
  assert !json.success
  assert json.images.find { it.name == 'app' }.error == "dependency 'base' FAILED"
  assert log.contains('docker:build failed: 1 image(s) failed: base (docker buildx build exited with 1')
  assert log.contains('skipped because a dependency failed: app, tool')
  assert log.contains('base is broken on purpose')
  assert new File(basedir, 'target/buildgate/docker/base.log').text.contains('exit 3')
  assert log.contains('[ERROR] Failed to execute goal dev.buildgate:docker-maven-plugin')
} finally {
  ['docker', 'image', 'rm', '-f', *json.images.collectMany { it.refs }].execute().waitFor()
  // untagged leftovers (replaced tags, classic-builder parents) carry the IT's label
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=docker-failing-base'].execute().waitFor() }
}
true
