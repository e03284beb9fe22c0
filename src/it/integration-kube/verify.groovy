def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/buildgate/integration')

assert log.contains('BUILD SUCCESS')
assert log.contains('kubernetes: started etcd and kube-apiserver on https://127.0.0.1:')
def m = log =~ /kubernetes: namespace (bg-integration-kube-[a-z0-9-]+) created/
assert m.find()
def ns = m.group(1)
assert log.contains("kubernetes: applied configmaps/settings, deployments/web in ${ns}")
// the compose service reached the API server in the run's namespace with the mounted kubeconfig
assert log.contains('ready: ') && !log.contains('backend cannot reach the API server')
def logs = new File(out, 'logs')
def backendSaw = false
logs.eachFileRecurse { f -> if (f.isFile() && f.text.contains("backend read hello-from-kube from ${ns}")) backendSaw = true }
assert backendSaw
// the test command got KUBECONFIG and the namespace
assert log.contains("test sees namespace ${ns}")
// down: dumps collected, namespace deleted, cluster stopped, nothing left
def dumps = new File(logs, "kube/${ns}")
assert new File(dumps, 'configmaps.json').text.contains('hello-from-kube')
assert new File(dumps, 'deployments.apps.json').text.contains('"web"')
assert log.contains("kubernetes: namespace ${ns} ") // deleted (or emptied and finalized)
assert log.contains('kubernetes: managed cluster stopped')
assert !new File(out, 'kube/cluster').exists()
assert !new File(out, 'kube/kubeconfig').exists()
def clusterDir = new File(out, 'kube/cluster').absolutePath
assert !ProcessHandle.allProcesses().anyMatch { h -> h.info().commandLine().map { it.contains(clusterDir) }.orElse(false) }
// the token never reaches the log
def tokenLine = log.readLines().find { it.contains('token') && it =~ /[0-9a-f]{48}/ }
assert tokenLine == null
