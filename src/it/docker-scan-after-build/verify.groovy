import groovy.json.JsonSlurper

def out = new File(basedir, 'target/buildgate/docker')
def images = new File(out, 'images.json')
def refs = images.isFile() ? new JsonSlurper().parse(images).images.collectMany { it.refs } : []
try {
  def log = new File(basedir, 'build.log').text
  assert log.contains('BUILD SUCCESS')
  assert log.contains('Scanning 2 image(s) with Trivy 0.68.2 (2 at a time)')
  // app: the fixable HIGH is ignored by its own file; tiny (busybox, no OS packages) has nothing
  assert log =~ /app\s+sha256:[0-9a-f]{12}\s+2\s+0\s+4\s+1\s+0\s+5\s+2\s+PASSED/
  assert log =~ /tiny\s+sha256:[0-9a-f]{12}\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+PASSED/
  ['app', 'tiny'].each { assert new File(out, "trivy-${it}.sarif").isFile() && new File(out, "trivy-${it}.json").isFile() }
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('Docker images')            // docker:build's section
  assert summary.contains('## ✅ Image scan (Trivy)')  // docker:scan's section, passed
  assert summary.contains('`buildgate-it/scan-after-build/app:main`<br>`buildgate-it/scan-after-build/app:sha-0123456`')
  assert summary =~ /\| app \| .* \| `sha256:[0-9a-f]{12}` \(local id\) \| \d+\.\d MiB \| \d+\.\d s \(BUILT\) \| ✅ PASSED · C 2 · H 0 · M 4 · L 1 · fixable 5 · ignored 2 · debian 12\.\d+ \|/
  assert summary.contains('✅ PASSED · C 0 · H 0 · M 0 · L 0 · fixable 0 · ignored 0 · no OS detected')
  assert log.contains('[WARNING] Trivy detected no OS and no vulnerable packages in tiny')
  assert summary.contains('docker pull buildgate-it/scan-after-build/app:main')
  assert summary.contains('docker pull buildgate-it/scan-after-build/tiny:main')
} finally {
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}
true
