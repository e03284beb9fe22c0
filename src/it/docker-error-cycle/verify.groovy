def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('docker images form a cycle: a -> b -> a. Fix: remove one of these <contexts>/<dependsOn> references.')
assert log.contains('[ERROR] Failed to execute goal dev.buildgate:docker-maven-plugin')  // the reason is on the [ERROR] line
true
