def log = new File(basedir, 'build.log').text
assert log =~ /ruff: \S*uv run --project \S*backend ruff check --output-format json/
assert log =~ /bandit: \S*uvx bandit==1\.9\.4 -r -f json/
assert log.contains('ruff: 0 findings (0 new), PASSED')
assert log.contains('bandit: 0 findings (0 new), PASSED')
assert log.contains('BUILD SUCCESS')
true
