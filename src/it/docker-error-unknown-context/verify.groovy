def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains("docker image 'app': context 'base' = 'bsae' is not an image of this build (base, app), an existing directory (")
assert log.contains('Fix <contexts><base>.')
assert log.contains('[ERROR] Failed to execute goal dev.buildgate:docker-maven-plugin')  // the reason is on the [ERROR] line
true
