#!/usr/bin/env bash
# A real Kubernetes control plane for the coming Kubernetes integration tests (issue: the reference
# pipeline's k3s step): etcd and kube-apiserver built from the Go module proxy (no k3s or kind image is
# reachable here), cached under $BG_HOME/kube like the BuildKit daemon. Called by .ci/setup-env.sh; the
# integration plugin's kube tests and the integration-kube IT use it. Cost measured on a 2-core machine: about 14 CPU-minutes for kube-apiserver.
# The node parts (<kubernetes><node>: pods really run) are built after it, into the same directory:
# kubelet, kube-scheduler, kube-controller-manager (about 5 CPU-minutes more with the apiserver's Go build
# cache warm), the CNI bridge/host-local/loopback plugins (containernetworking/plugins, ~0.3 CPU-minutes),
# containerd 1.7 + its runc shim copied from the trixie packages install-docker.sh fetched (docker's own
# containerd is never used), and pause.tar, a sandbox image made from buildgate/busybox:local.
#
# k8s.io/kubernetes replaces its staging modules with ./staging paths that its module zip does not hold,
# so a wrapper module pins every staging module (k8s.io/api, client-go, ...) to the matching v0.37.2
# release instead; etcd's server module has the `etcd` command as etcdmain.Main.
source "$(dirname "$0")/lib.sh"
KUBE_VERSION=${KUBE_VERSION:-v1.37.2}
ETCD_VERSION=${ETCD_VERSION:-v3.7.0}
OUT=$BG_HOME/kube/$KUBE_VERSION
CNI_VERSION=${CNI_VERSION:-v1.9.1}
TRIXIE=$BG_HOME/trixie/root/usr/bin
node_parts() {
  local missing=0
  for b in kubelet kube-scheduler kube-controller-manager containerd containerd-shim-runc-v2 ctr cni/bridge cni/host-local cni/loopback; do
    [ -x "$OUT/$b" ] || missing=1
  done
  [ -f "$OUT/pause.tar" ] || missing=1
  [ $missing = 0 ] && { log "kubernetes node parts already built ($OUT)"; return 0; }
  local N
  N=$(mktemp -d)
  log "building kubelet, kube-scheduler, kube-controller-manager $KUBE_VERSION and CNI plugins $CNI_VERSION (once; ~6 CPU-minutes)"
  (
    cd "$N"
    write_module
    printf '//go:build tools\n\npackage tools\n\nimport (\n' >tools.go
    for c in kubelet kube-scheduler kube-controller-manager; do printf '\t_ "k8s.io/kubernetes/cmd/%s"\n' "$c" >>tools.go; done
    for c in main/bridge main/loopback ipam/host-local; do printf '\t_ "github.com/containernetworking/plugins/plugins/%s"\n' "$c" >>tools.go; done
    printf ')\n' >>tools.go
    go get "github.com/containernetworking/plugins@$CNI_VERSION" >>"$LOG_DIR/kube-build.log" 2>&1
    go mod tidy >>"$LOG_DIR/kube-build.log" 2>&1
    mkdir -p "$N/out/cni"
    GOFLAGS="-trimpath -buildvcs=false" go build -o "$N/out/" k8s.io/kubernetes/cmd/kubelet \
      k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kube-controller-manager >>"$LOG_DIR/kube-build.log" 2>&1
    GOFLAGS="-trimpath -buildvcs=false" go build -o "$N/out/cni/" github.com/containernetworking/plugins/plugins/main/bridge \
      github.com/containernetworking/plugins/plugins/main/loopback github.com/containernetworking/plugins/plugins/ipam/host-local \
      >>"$LOG_DIR/kube-build.log" 2>&1
  ) || { tail -20 "$LOG_DIR/kube-build.log" >&2; rm -rf "$N"; return 1; }
  for b in containerd containerd-shim-runc-v2 ctr; do
    [ -x "$TRIXIE/$b" ] || { log "no $TRIXIE/$b (install-docker.sh fetches trixie's containerd): no kubernetes node"; rm -rf "$N"; return 1; }
    cp "$TRIXIE/$b" "$N/out/"
  done
  # the pod sandbox image: sleeps (images cannot be pulled here)
  # (set -e does not apply in a function called with ||: each step says so itself)
  printf 'FROM buildgate/busybox:local\nENTRYPOINT ["sleep", "infinity"]\n' | docker build -q -t buildgate.dev/pause:local - >/dev/null \
    && docker save buildgate.dev/pause:local -o "$N/out/pause.tar" && docker rmi buildgate.dev/pause:local >/dev/null \
    || { log "cannot make the pause image from buildgate/busybox:local"; rm -rf "$N"; return 1; }
  cp -r "$N/out/." "$OUT/"
  rm -rf "$N"
  log "built the kubernetes node parts into $OUT"
}
write_module() {
  local mods KDIR
  go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" >dl.json
  KDIR=$(sed -n 's/.*"Dir": "\(.*\)",/\1/p' dl.json)
  mods=$(awk '/^replace \(/{f=1;next} f&&/^\)/{exit} f{print $1}' "$KDIR/go.mod")
  {
    printf 'module buildgate.dev/kubebin\n\ngo 1.26.0\n\nrequire (\n\tk8s.io/kubernetes %s\n\tgo.etcd.io/etcd/server/v3 %s\n)\n\nreplace (\n' \
      "$KUBE_VERSION" "$ETCD_VERSION"
    for m in $mods; do printf '\t%s => %s %s\n' "$m" "$m" "$staging_version"; done
    printf ')\n'
  } >go.mod
}
staging_version=v0.${KUBE_VERSION#v1.}
if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/etcd" ]; then
  log "kube-apiserver $KUBE_VERSION and etcd $ETCD_VERSION already built ($OUT)"
  node_parts || log "kubernetes node parts not built: <kubernetes><node> tests skip"
  exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
write_module
mkdir -p cmd/etcd
printf 'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n' >cmd/etcd/main.go
printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kube-apiserver"\n' >tools.go
log "building etcd $ETCD_VERSION and kube-apiserver $KUBE_VERSION from the Go module proxy (once; ~15 CPU-minutes)"
go mod tidy >"$LOG_DIR/kube-build.log" 2>&1
mkdir -p "$OUT.tmp"
GOFLAGS="-trimpath -buildvcs=false" go build -o "$OUT.tmp/" ./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver >>"$LOG_DIR/kube-build.log" 2>&1 \
  || { tail -20 "$LOG_DIR/kube-build.log" >&2; exit 1; }
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
log "built $OUT/etcd and $OUT/kube-apiserver"
cd /
node_parts || log "kubernetes node parts not built: <kubernetes><node> tests skip"
