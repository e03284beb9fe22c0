import groovy.json.JsonSlurper

def json = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/images.json'))
def refs = json.images.collectMany { it.refs }
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD SUCCESS')
  def app = json.images[0]
  assert app.refs == ['127.0.0.1:5000/buildgate-it/docker-push-settings/app:main',
                      '127.0.0.1:5000/buildgate-it/docker-push-settings/app:sha-89abcde',
                      '127.0.0.1:5000/buildgate-it/docker-push-settings/app:latest']
  assert app.pushed && app.digest ==~ /sha256:[0-9a-f]{64}/
  assert !log.contains('buildgate-ci-pass')
  def conn = new URL('http://127.0.0.1:5000/v2/buildgate-it/docker-push-settings/app/tags/list').openConnection()
  conn.setRequestProperty('Authorization', 'Basic ' + 'buildgate:buildgate-ci-pass'.bytes.encodeBase64().toString())
  assert new JsonSlurper().parse(conn.inputStream).tags.containsAll(['main', 'sha-89abcde', 'latest'])
  assert new File(basedir, 'empty-docker-config/config.json').text.trim() == '{}'
} finally {
  ['docker', 'image', 'rm', '-f', *refs].execute().waitFor()
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=docker-push-settings'].execute().waitFor() }
}
true
