// The image runner's image: the pinned ruff binary from PATH on the local Debian base (nothing is
// pulled), entrypoint ruff, as the runner requires. Removed again by verify.groovy.
def ruff = System.getenv('PATH').split(':').collect { new File(it, 'ruff') }.find { it.canExecute() }
assert ruff : 'ruff is not on PATH (.ci/install-tools.sh)'
def ctx = new File(basedir, 'target/ruff-image')
ctx.mkdirs()
java.nio.file.Files.copy(ruff.canonicalFile.toPath(), new File(ctx, 'ruff').toPath(),
    java.nio.file.StandardCopyOption.REPLACE_EXISTING)
new File(ctx, 'Dockerfile').text = '''FROM buildgate/debian:local
COPY ruff /usr/local/bin/ruff
ENTRYPOINT ["/usr/local/bin/ruff"]
'''
def p = ['docker', 'build', '-q', '-t', 'buildgate-it/ruff-runner:0.17.6', ctx.path].execute()
def out = new StringBuilder()
p.consumeProcessOutput(out, out)
assert p.waitFor() == 0 : "docker build of the ruff image failed: ${out}"
true
