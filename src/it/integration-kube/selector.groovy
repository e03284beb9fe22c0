// the control plane .ci/build-kube.sh builds (etcd + kube-apiserver); without it the IT cannot run
def dir = System.getenv('BUILDGATE_KUBE_DIR') ?: '/opt/buildgate-ci/kube/v1.37.2'
return new File(dir, 'kube-apiserver').canExecute() && new File(dir, 'etcd').canExecute()
