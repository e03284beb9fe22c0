// the node parts .ci/build-kube.sh builds (kubelet, containerd, ...); a kubelet needs root
def dir = System.getenv('BUILDGATE_KUBE_DIR') ?: '/opt/buildgate-ci/kube/v1.37.2'
return ['kube-apiserver', 'etcd', 'kubelet', 'kube-scheduler', 'kube-controller-manager', 'containerd'].every { new File(dir, it).canExecute() } &&
    new File(dir, 'pause.tar').isFile() && System.getProperty('user.name') == 'root'
