try {
  def log = new File(basedir, 'build.log').text
  // the tool ran in the image, with the project mounted at /src, and its version came from the image
  assert log =~ /ruff: \S*docker run --rm --init --label dev\.buildgate\.tool=ruff -v \S+backend:\/src -w \/src buildgate-it\/ruff-runner:0\.17\.6 check /
  assert log.contains('ruff: 3 findings (3 new), FAILED')
  // container paths (/src/app/main.py) are mapped back to the project
  def sarif = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/buildgate/quality/ruff.sarif'))
  def results = sarif.runs[0].results
  assert results*.ruleId.sort() == ['B006', 'E711', 'F401'].sort() : results*.ruleId
  assert results.every { it.locations[0].physicalLocation.artifactLocation.uri == 'backend/app/main.py' }
  assert sarif.runs[0].tool.driver.version == '0.17.6'
  assert log =~ /(?m)^\[ERROR\] backend\/app\/main\.py:1:8: HIGH \[ruff F401\]/
  // --rm: no container of the runner is left
  def ps = ['docker', 'ps', '-aq', '--filter', 'label=dev.buildgate.tool=ruff'].execute().text.trim()
  assert ps.isEmpty() : "containers left: ${ps}"
} finally {
  ['docker', 'image', 'rm', '-f', 'buildgate-it/ruff-runner:0.17.6'].execute().waitFor()
}
true
