def log = new File(basedir, 'build.log').text
assert log.contains('docs-maven-plugin')
assert log.contains('docs:help')
assert log.contains('BUILD SUCCESS')
true
