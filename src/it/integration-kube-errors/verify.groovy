def out = new File(basedir, 'target/buildgate/integration')
def log = new File(basedir, 'build.log').text // both invocations
assert log.contains('BUILD FAILURE')
// build 1: a context the kubeconfig does not have, one line, before anything is created
def kc = new File(basedir, 'kubeconfig.yaml').absolutePath
assert log.contains("[ERROR] Failed to execute goal dev.buildgate:integration-maven-plugin:${log.find(/integration-maven-plugin:([^:]+):up/) { it[1] }}:up (default) on project integration-kube-errors: kubeconfig ${kc} has no context 'prod': use one of 'ci' in <kubernetes><context> -> [Help 1]")
// build 2: the kubeconfig's server is not listening
assert log.contains("on project integration-kube-errors: API server https://127.0.0.1:1 unreachable (connection refused or timed out; kubeconfig ${kc}, context 'ci'): start the cluster or fix the server URL -> [Help 1]")
// build 3 (managed cluster, a deployment no controller rolls out): one line, then nothing left
assert log =~ /kubernetes: not ready before the deadline in namespace bg-integration-kube-errors-[a-z0-9-]+: deployment\/web not Available \(the controller has not observed generation 1 yet\)/
assert log.contains('kubernetes: managed cluster stopped')
assert log =~ /kubernetes: namespace bg-integration-kube-errors-[a-z0-9-]+ (deleted|emptied)/
assert !new File(out, 'kube/cluster').exists()
assert !new File(out, 'kube/kube.json').exists()
def clusterDir = new File(out, 'kube/cluster').absolutePath
assert !ProcessHandle.allProcesses().anyMatch { h -> h.info().commandLine().map { it.contains(clusterDir) }.orElse(false) }
true
