def log = new File(basedir, 'build.log').text
assert log.contains('docs-maven-plugin')
assert log.contains('docs:help')
assert log.contains('BUILD SUCCESS')
// every parameter's property lives under buildgate.docs. (DESIGN-NOTES "Names for the long term")
assert log.contains('User property: buildgate.docs.skip')
// (the generated help goal's own detail, goal, indentSize, lineLength excepted)
def outside = log.readLines().findAll {
    it =~ /User property: (?!buildgate\.|(detail|goal|indentSize|lineLength)\s*$)/
}
assert outside.isEmpty() : "properties outside buildgate.: $outside"
true
