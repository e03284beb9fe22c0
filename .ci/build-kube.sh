#!/usr/bin/env bash
# A real Kubernetes control plane for the coming Kubernetes integration tests (issue: the reference
# pipeline's k3s step): etcd and kube-apiserver built from the Go module proxy (no k3s or kind image is
# reachable here), cached under $BG_HOME/kube like the BuildKit daemon. Called by .ci/setup-env.sh; the
# integration plugin's kube tests and the integration-kube IT use it. Cost measured on a 2-core machine: about 14 CPU-minutes for kube-apiserver.
#
# k8s.io/kubernetes replaces its staging modules with ./staging paths that its module zip does not hold,
# so a wrapper module pins every staging module (k8s.io/api, client-go, ...) to the matching v0.37.2
# release instead; etcd's server module has the `etcd` command as etcdmain.Main.
source "$(dirname "$0")/lib.sh"
KUBE_VERSION=${KUBE_VERSION:-v1.37.2}
ETCD_VERSION=${ETCD_VERSION:-v3.7.0}
OUT=$BG_HOME/kube/$KUBE_VERSION
if [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/etcd" ]; then
  log "kube-apiserver $KUBE_VERSION and etcd $ETCD_VERSION already built ($OUT)"
  exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
staging_version=v0.${KUBE_VERSION#v1.}
go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" >"$W/dl.json"
KDIR=$(sed -n 's/.*"Dir": "\(.*\)",/\1/p' "$W/dl.json")
mods=$(awk '/^replace \(/{f=1;next} f&&/^\)/{exit} f{print $1}' "$KDIR/go.mod")
{
  printf 'module buildgate.dev/kubebin\n\ngo 1.26.0\n\nrequire (\n\tk8s.io/kubernetes %s\n\tgo.etcd.io/etcd/server/v3 %s\n)\n\nreplace (\n' \
    "$KUBE_VERSION" "$ETCD_VERSION"
  for m in $mods; do printf '\t%s => %s %s\n' "$m" "$m" "$staging_version"; done
  printf ')\n'
} >go.mod
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
