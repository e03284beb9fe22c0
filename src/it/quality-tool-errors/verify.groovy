def log = new File(basedir, 'build.log').text
// the crash: exit code interpreted per tool, stderr tail in the message
assert log.contains('ruff could not run: exit code 2 (ruff exits 0 (clean), 1 (findings), 2 (error))')
assert log.contains('Unknown rule selector `NOPE123`')
// the missing tool: one message saying how to fix it
assert log.contains('semgrep not found: put semgrep on PATH or set <path> in the plugin configuration')
// the other analyzer still ran
assert log.contains('bandit: 0 findings (0 new), PASSED')
// a tool that could not run is an execution error, never a pass
assert log.contains('MojoExecutionException')
assert log.contains('BUILD FAILURE')
true
