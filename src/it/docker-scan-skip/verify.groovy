def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('docker:scan skipped (buildgate.docker.scan.skip)')
assert !new File(basedir, 'target/buildgate/docker/trivy-app.sarif').exists()
def summary = new File(basedir, 'target/buildgate/summary.md').text
assert summary.contains('Image scan SKIPPED (buildgate.docker.scan.skip)')
assert summary.contains('SKIPPED: buildgate.docker.scan.skip')
assert !summary.contains('PASSED')
true
