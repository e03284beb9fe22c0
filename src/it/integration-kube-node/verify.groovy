def log = new File(basedir, 'build.log').text
def out = new File(basedir, 'target/buildgate/integration')

assert log.contains('BUILD SUCCESS')
assert log.contains('kubernetes: started etcd, kube-apiserver, controller manager, scheduler, containerd and a kubelet')
def m = log =~ /kubernetes: namespace (bg-integration-kube-node-[a-z0-9-]+) created/
assert m.find()
def ns = m.group(1)
// the waits passed for real: a kubelet ran the pod and the backend's job
assert log.contains('kubernetes: pod/web Ready')
assert log.contains('kubernetes: job/made-by-backend Complete')
assert !log.contains('backend cannot create the job')
assert log.contains("test sees namespace ${ns}")
// down: the job pod's log collected, namespace deleted, cluster and node stopped, nothing left
def dumps = new File(out, "logs/kube/${ns}")
def sawJobLog = false
dumps.eachFileRecurse { f -> if (f.isFile() && f.name.endsWith('.log') && f.text.contains('job-output-from-a-real-pod')) sawJobLog = true }
assert sawJobLog
assert log.contains('kubernetes: managed cluster stopped')
def clusterDir = new File(out, 'kube/cluster').absolutePath
assert !new File(clusterDir).exists()
assert !ProcessHandle.allProcesses().anyMatch { h -> h.info().commandLine().map { it.contains(clusterDir) }.orElse(false) }
assert !new File('/proc/self/mountinfo').text.contains(clusterDir)
