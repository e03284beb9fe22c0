def log = new File(basedir, 'build.log').text
assert log.contains('quality-maven-plugin')
assert log.contains('quality:help')
assert log.contains('BUILD SUCCESS')
true
