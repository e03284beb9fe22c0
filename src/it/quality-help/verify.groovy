def log = new File(basedir, 'build.log').text
assert log.contains('quality-maven-plugin')
assert log.contains('quality:help')
assert log.contains('BUILD SUCCESS')
// every parameter's property lives under buildgate.quality. (DESIGN-NOTES "Names for the long term")
assert log.contains('User property: buildgate.quality.skip')
// (the generated help goal's own detail, goal, indentSize, lineLength excepted)
def outside = log.readLines().findAll {
    it =~ /User property: (?!buildgate\.|(detail|goal|indentSize|lineLength)\s*$)/
}
assert outside.isEmpty() : "properties outside buildgate.: $outside"
true
