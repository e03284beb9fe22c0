def log = new File(basedir, 'build.log').text
assert log.contains('docker-maven-plugin')
assert log.contains('docker:help')
assert log.contains('BUILD SUCCESS')
true
