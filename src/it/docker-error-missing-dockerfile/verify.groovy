def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains("docker image 'app': Dockerfile " + new File(basedir, 'app/Dockerfile').canonicalPath + ' does not exist.')
assert log.contains('[ERROR] Failed to execute goal dev.buildgate:docker-maven-plugin')  // the reason is on the [ERROR] line
true
