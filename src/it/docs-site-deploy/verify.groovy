// Checks the six builds of invoker.properties against the real site and the bare repository.
import groovy.json.JsonSlurper

try {
  def log = new File(basedir, 'build.log').text

  def git = { String... args ->
    def p = new ProcessBuilder(['git'] + args.toList()).directory(new File(basedir, 'remote.git'))
        .redirectErrorStream(true).start()
    def out = p.inputStream.text
    assert p.waitFor() == 0 : "git ${args.join(' ')}: ${out}"
    out.trim()
  }

  // 1. change filter
  assert log.contains('docs:build skipped: nothing under [docs/**, mkdocs.yml, pom.xml] changed since')
  // 2./4. real MkDocs Material site with the spec embedded by swagger-ui-tag
  def site = new File(basedir, 'target/buildgate/docs/site')
  assert new File(site, 'index.html').text.contains('md-header')
  def swagger = new File(site, 'reference/api').listFiles().find { it.name.startsWith('swagger-') }
  assert swagger != null && swagger.text.contains('"../openapi.json"')
  def spec = new JsonSlurper().parse(new File(site, 'reference/openapi.json'))
  assert spec.info.version == '2.0'
  assert spec.servers*.url == ['https://api.example.com', 'http://localhost:8000']
  assert spec.servers[0].description == 'Production'
  assert !new File(basedir, 'docs/reference/openapi.json').exists() : 'sources must not change'
  // 3. up to date
  assert log.contains('docs:build up to date: inputs unchanged since the last successful build')
  // deploys: two commits, parent chain, .nojekyll, CNAME kept
  assert git('rev-list', '--count', 'gh-pages') == '2'
  assert git('log', '--format=%s', 'gh-pages').readLines() ==
      ['Deploy docs from 2222222 (main)', 'Deploy docs from 1111111 (main)']
  assert git('rev-parse', 'gh-pages^') == git('rev-list', '--max-parents=0', 'gh-pages')
  ['gh-pages', 'gh-pages^'].each { rev ->
    def files = git('ls-tree', '-r', '--name-only', rev).readLines()
    assert files.containsAll(['.nojekyll', 'CNAME', 'index.html', 'reference/openapi.json'])
    assert git('show', rev + ':CNAME') == 'docs.example.com'
  }
  assert git('show', 'gh-pages:reference/openapi.json').contains('"version" : "2.0"')
  assert git('show', 'gh-pages^:reference/openapi.json').contains('"version" : "1.0"')
  // the project checkout is untouched by deploy (still on feature, clean)
  def status = new ProcessBuilder('git', 'status', '--porcelain', '--untracked-files=no')
      .directory(basedir).start()
  assert status.inputStream.text.trim() == ''
  def head = new ProcessBuilder('git', 'rev-parse', '--abbrev-ref', 'HEAD').directory(basedir).start()
  assert head.inputStream.text.trim() == 'feature'
  // 5./6. skipped with a reason
  assert log.contains("docs:deploy skipped: branch 'feature' is not the default branch 'main'")
  assert log.contains('docs:deploy skipped: pull request #7: docs are built only')
  // pipeline summary
  def summary = new File(basedir, 'target/buildgate/summary.md').text
  assert summary.contains('Docs deploy')
  def step = new File(basedir, 'target/step-summary.md').text
  assert step.contains('Docs build') && step.contains('Docs deploy')
  assert step.contains('Pushed `')
  return true
} finally {
  context.get('specServer')?.stop(0)
}
