import groovy.json.JsonSlurper

def json = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/images.json'))
def refs = json.images.collectMany { it.refs }
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD FAILURE')
  assert log.contains("docker:push of 127.0.0.1:5000/buildgate-it/docker-push-wrong-password/app:main was refused by 127.0.0.1:5000")
  assert log.contains("Credentials used: user 'buildgate' from settings.xml server '127.0.0.1:5000'")
  assert !log.contains('not-the-password')
  assert !json.images[0].pushed   // images.json is only updated after a successful push
} finally {
  ['docker', 'image', 'rm', '-f', *refs].execute().waitFor()
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=docker-push-wrong-password'].execute().waitFor() }
}
true
