def log = new File(basedir, 'build.log').text
// 1. MojoFailureException with the generator's own warning
assert log.contains('mkdocs build --strict failed (exit 1)')
assert log.contains("Doc file 'index.md' contains a link 'guide/missing.md', but the target is not found")
assert log.contains('Aborted with 1 warnings in strict mode!')
// 2. the invalid spec is named
assert log =~ /OpenAPI spec from \S*not-a-spec\.json looks like HTML\/XML/
// 3. the unreachable URL is named, after the bounded retries
assert log.contains('Could not fetch the OpenAPI spec from http://127.0.0.1:9/openapi.json: connection refused.')
// the sources are never changed
assert !new File(basedir, 'docs/reference').exists()
assert new File(basedir, 'target/buildgate/summary.md').text.contains('Docs build')
// one skip form for every plugin: <plugin>:<goal> skipped (<the property that skipped it>)
assert log.contains('docs:build skipped (buildgate.docs.skip)')
assert log.contains('docs:build skipped: no none.yml and no nodocs in')
assert log.contains('docs:deploy skipped: docs:build did not build a site (no none.yml')
true
