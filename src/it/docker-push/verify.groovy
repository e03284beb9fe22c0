import groovy.json.JsonSlurper

def json = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/images.json'))
def refs = json.images.collectMany { it.refs }
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD SUCCESS')
  def app = json.images[0]
  // image prefix = registry/owner/artifactId, lower-cased; tags from the CI context
  assert app.refs == ['127.0.0.1:5000/buildgate-it/docker-push/app:feature-Push-Test',
                      '127.0.0.1:5000/buildgate-it/docker-push/app:sha-89abcde']
  assert app.pushed
  assert app.digest ==~ /sha256:[0-9a-f]{64}/
  assert log.contains('[app] pushed 127.0.0.1:5000/buildgate-it/docker-push/app:feature-Push-Test sha256:')
  assert !log.contains('buildgate-ci-pass')
  def conn = new URL('http://127.0.0.1:5000/v2/buildgate-it/docker-push/app/tags/list').openConnection()
  conn.setRequestProperty('Authorization', 'Basic ' + 'buildgate:buildgate-ci-pass'.bytes.encodeBase64().toString())
  def tags = new JsonSlurper().parse(conn.inputStream).tags
  assert tags.containsAll(['feature-Push-Test', 'sha-89abcde']) : tags
  // the user's docker config is untouched: no credentials written next to it
  assert new File(basedir, 'docker-config').list().toList().minus(['buildx']) == ['config.json']
} finally {
  ['docker', 'image', 'rm', '-f', *refs].execute().waitFor()
  // untagged leftovers (replaced tags, classic-builder parents) carry the IT's label
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=docker-push'].execute().waitFor() }
}
true
