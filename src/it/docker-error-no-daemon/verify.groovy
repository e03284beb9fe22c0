def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('No Docker daemon answered at unix:///tmp/buildgate-no-such-docker.sock (DOCKER_HOST)')
assert log.contains('start the Docker daemon')
assert log.contains('[ERROR] Failed to execute goal dev.buildgate:docker-maven-plugin')  // the reason is on the [ERROR] line
true
