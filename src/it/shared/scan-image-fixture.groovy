// Real image built from buildgate/debian:local (nothing pulled), recorded in images.json as docker:build
// does, and a private copy of the Trivy test DB (.ci/make-trivy-db.sh). Removed again by verify.groovy.
def run = { List<String> cmd, String stdin = null ->
  def p = new ProcessBuilder(cmd*.toString()).redirectErrorStream(true).start()
  if (stdin != null) { p.outputStream.withWriter { it << stdin } } else { p.outputStream.close() }
  def out = p.inputStream.text
  assert p.waitFor() == 0 : "${cmd.join(' ')} failed: $out"
  out.trim()
}
def name = basedir.name
def ref = "buildgate-it/${name}:it"
// a context directory of its own (a Dockerfile on stdin leaves a /tmp/dockerfile* directory behind)
def ctx = new File(basedir, 'target/scan-image')
ctx.mkdirs()
new File(ctx, 'Dockerfile').text = "FROM buildgate/debian:local\nRUN echo ${name} > /etc/buildgate-it\n"
run(['docker', 'build', '-q', '--label', 'dev.buildgate.test=docker-scan', '-t', ref, ctx.path])
def id = run(['docker', 'image', 'inspect', '--format', '{{.Id}}', ref])
def size = run(['docker', 'image', 'inspect', '--format', '{{.Size}}', ref])

new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/trivy-db-copy.groovy'))

def out = new File(basedir, 'target/buildgate/docker')
out.mkdirs()
new File(out, 'images.json').text = groovy.json.JsonOutput.prettyPrint(groovy.json.JsonOutput.toJson([
  schemaVersion: 1, builder: 'buildx', registry: '', imagePrefix: 'buildgate-it', success: true,
  images: [[name: 'app', primaryRef: ref, refs: [ref], imageId: id, digest: null, size: size as long,
            durationMillis: 2345, status: 'BUILT', loaded: true, pushed: false, dependsOn: [], error: null],
           [name: 'worker', primaryRef: "buildgate-it/${name}-worker:it", refs: ["buildgate-it/${name}-worker:it"],
            imageId: null, digest: null, size: 0, durationMillis: 0, status: 'SKIPPED', loaded: false,
            pushed: false, dependsOn: ['app'], error: 'dependency app failed']]]))
true
