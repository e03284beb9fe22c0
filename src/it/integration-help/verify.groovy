def log = new File(basedir, 'build.log').text
assert log.contains('integration-maven-plugin')
assert log.contains('integration:help')
assert log.contains('BUILD SUCCESS')
true
