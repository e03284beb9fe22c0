def log = new File(basedir, 'build.log').text
assert log.contains('integration-maven-plugin')
assert log.contains('integration:help')
assert log.contains('BUILD SUCCESS')
// every parameter's property lives under buildgate.integration. (DESIGN-NOTES "Names for the long term")
assert log.contains('User property: buildgate.integration.skip')
def outside = log.readLines().findAll { it =~ /User property: (?!buildgate\.)/ }
assert outside.isEmpty() : "properties outside buildgate.: $outside"
true
