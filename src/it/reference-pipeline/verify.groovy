// Checks the three runs of the main job (invoker.properties): a cold verify, an up-to-date re-run,
// and a deploy that pushes images to the local registry and publishes the docs.
def removeImages = {
  def refs = ['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'].execute().text.readLines()
      .findAll { it.startsWith('local/reference-pipeline/') || it.startsWith('127.0.0.1:5000/reference-pipeline/') }
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}
try {
def log = new File(basedir, 'build.log').text
def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
assert runs.size() == 3 : "expected 3 Maven runs, found ${runs.size()}"
runs.each { assert it.contains('BUILD SUCCESS') }
def (cold, warm, deploy) = runs

// every gate really ran in the cold run, and the build ended with the pipeline summary
assert cold =~ /Buildgate pipeline summary \(.*\):\s+\[INFO\]   Result: .* passed/
assert cold =~ /ruff: 0 findings/
assert cold =~ /mypy: 0 findings/
assert cold =~ /bandit: 0 findings/
// the scan ran on the app images (not the base: excludeImages) and passed only because the fixable
// HIGH is in .trivyignore
assert cold.contains('not scanned (excludeImages): base')
assert !(cold =~ /(?m)^\[INFO\] base\s+sha256:/)
['backend', 'frontend'].each { assert cold =~ /(?m)^\[INFO\] ${it}\s+sha256:\S+.*PASSED$/ }
assert new File(basedir, 'target/buildgate/docker/trivy-backend.json').text.contains('CVE-2099-10001')
def target = new File(basedir, 'target/buildgate')
['quality/ruff.sarif', 'docker/images.json', 'docker/trivy-backend.sarif', 'docker/trivy-frontend.sarif',
 'integration/result.json', 'summary.md'].each { assert new File(target, it).isFile() : "missing target/buildgate/$it" }
assert new File(target, 'integration/logs').listFiles().size() > 0
def summary = new File(target, 'summary.md').text
assert !(summary =~ /(?i)\bFAILED\b/) : summary
def result = new groovy.json.JsonSlurper().parse(new File(target, 'integration/result.json'))
assert result.exitCode == 0

// independent gates ran in the background and a later goal reported each of them
['quality:check', 'docker:scan'].each { g ->
  assert cold.contains("${g} runs in the background")
  assert cold =~ /(?m)^\[INFO\] ${java.util.regex.Pattern.quote(g)} \(background, [0-9.]+ s\) finished:$/
}
// deploy pushes only after the scan's verdict was reported
assert deploy.indexOf('docker:scan (background, ') >= 0
assert deploy.indexOf('docker:scan (background, ') < deploy.indexOf(':push (buildgate-docker)')

// the re-run skipped what was up to date
assert warm =~ /(?i)up.to.date/

// deploy: images in the registry, docs on gh-pages
def auth = 'buildgate:buildgate-ci-pass'.bytes.encodeBase64().toString()
['backend', 'frontend'].each { img ->
  def c = new URL("http://127.0.0.1:5000/v2/reference-pipeline/${img}/tags/list").openConnection()
  c.setRequestProperty('Authorization', "Basic ${auth}")
  def tags = new groovy.json.JsonSlurper().parse(c.inputStream).tags
  assert tags.contains('latest') && tags.contains('it') : "${img} tags in the registry: ${tags}"
}
def git = new ProcessBuilder('git', '--git-dir', new File(basedir, 'pages.git').path, 'ls-tree', '--name-only', 'gh-pages')
    .redirectErrorStream(true).start()
def tree = git.inputStream.text
assert git.waitFor() == 0 : tree
assert tree.contains('.nojekyll') && tree.contains('index.html') : tree

// nothing of the stack outlives the build
def ps = new ProcessBuilder('docker', 'ps', '-aq', '--filter', 'label=com.docker.compose.project.working_dir=' + basedir.canonicalPath)
    .redirectErrorStream(true).start()
def left = ps.inputStream.text.trim()
assert left.isEmpty() : "containers left: ${left}"
} finally {
  removeImages()
}
true
