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
  // the summary says the push FAILED: its own section, and the result line
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('**Result:** \u274C failed (1 of 2 steps failed)')
  assert summary.contains('| Docker push | \u274C failed |')
  assert summary.contains('| Docker images | \u2705 passed |')
  assert summary =~ /## \u274C Docker push\n\n.*was refused by 127.0.0.1:5000/
  assert log.substring(log.lastIndexOf('Buildgate pipeline summary (')).contains('Result: \u274C failed')
} finally {
  ['docker', 'image', 'rm', '-f', *refs].execute().waitFor()
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=docker-push-wrong-password'].execute().waitFor() }
}
true
