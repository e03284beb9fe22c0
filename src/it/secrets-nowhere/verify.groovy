// Each tool proved it got its secret; no marker (nor its base64 form) is anywhere the build wrote.
import groovy.json.JsonSlurper

def root = new File('/tmp/bg-secrets-nowhere')
def refs = []
try {
  def log = new File(basedir, 'build.log').text
  def b64 = { String s -> s.bytes.encodeBase64().toString() }
  def markers = ['bgsecret-envfrom-91c2', 'bgsecret-server-plain-4d7e', 'bgsecret-server-enc-b81f',
                 'bgsecret-docker-build-3a5c', 'bgsecret-docs-token-c0d4', 'buildgate-ci-pass']
  def forms = markers + [b64('x-access-token:bgsecret-docs-token-c0d4'), b64('buildgate:buildgate-ci-pass')]

  // the secrets really arrived (so a clean search means something)
  assert log.contains('[DEBUG]') : 'the build must run with -X'
  // the probe and the test command exit 7 unless each secret's SHA-256 matches
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary =~ /Analysis \(secret-probe\) \| \S+ passed/ : summary
  assert summary =~ /Docker images \| \S+ passed/ : summary
  def json = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/images.json'))
  refs = json.images.collectMany { it.refs }
  assert json.images[0].pushed : 'docker:push with the encrypted settings.xml password'
  def result = new JsonSlurper().parse(new File(basedir, 'target/buildgate/integration/result.json'))
  assert result.exitCode == 0 : "the test command checks its secrets: ${result}"
  def auth = context.get('pagesAuth')
  assert auth.contains('Basic ' + b64('x-access-token:bgsecret-docs-token-c0d4')) : "docs:deploy sent ${auth}"

  // the search: build output, target/, the private DOCKER_CONFIG, the build's temp directory
  def hits = []
  def search = { File f ->
    if (!f.exists()) return
    def files = f.isFile() ? [f] : []
    if (f.isDirectory()) f.eachFileRecurse(groovy.io.FileType.FILES) { files << it }
    files.each { file ->
      def text = new String(file.bytes, 'ISO-8859-1')
      forms.each { m -> if (text.contains(m)) hits << "${file}: ${m}" }
    }
  }
  search(new File(basedir, 'build.log'))
  search(new File(basedir, 'target'))
  search(root)
  // (target/buildgate/state/quality-*.inputs held the envFrom/envFromServers values until the
  // up-to-date inputs kept keyed digests of secrets instead: issue 15, defect 1)
  assert hits.isEmpty() : "secret values found:\n  ${hits.join('\n  ')}"
  // what a tool printed is masked in the output
  assert log.contains('[secret-probe] probe got **** **** ****')
  assert log.contains('[test] test command got **** ****')
} finally {
  context.get('pagesServer')?.stop(0)
  if (refs) ['docker', 'image', 'rm', '-f', *refs].execute().waitFor()
  2.times { ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=secrets-nowhere'].execute().waitFor() }
  root.deleteDir()
}
true
