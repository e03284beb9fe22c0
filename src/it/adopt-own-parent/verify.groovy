import groovy.json.JsonSlurper

def refs = []
try {
  def log = new File(basedir, 'build.log').text
  def images = new JsonSlurper().parse(new File(basedir, 'target/buildgate/docker/images.json'))
  refs = images.images.collectMany { it.refs }
  assert !log.contains('BUILD FAILURE')
  // both gates came from the plugins the project's own parent manages
  assert log.contains('ruff: 0 findings (0 new), PASSED')
  assert log.contains('quality:check runs in the background')
  assert images.images*.name == ['app'] && images.images[0].status == 'BUILT'
  // the last goal printed the timeline of both, and summary.md has it as a chart
  assert log.contains('Timeline (')
  assert log =~ /docker:build\s+\|\s*#+/
  assert log =~ /quality:check\s+\|\s*=+/
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('```mermaid') && summary.contains('section background') && summary.contains('quality check (')
} finally {
  if (refs) { ['docker', 'image', 'rm', '-f', *refs].execute().waitFor() }
  ['docker', 'image', 'prune', '-f', '--filter', 'label=dev.buildgate.it=adopt-own-parent'].execute().waitFor()
}
true
