#!/usr/bin/env bash
# The GitLab docker:dind shape, for real: a second, private dockerd reached over TCP with TLS (a CA,
# server and client certificates made here), running in a network namespace of its own, so that
# 127.0.0.1 in Maven's namespace is NOT the daemon's host. The reference pipeline then runs end to
# end with DOCKER_HOST=tcp://<ns-ip>:2376 DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=<client certs>.
#
#   bash .ci/remote-daemon.sh          set up, run the reference pipeline IT, tear down (always)
#   bash .ci/remote-daemon.sh up|down  only set up / tear down (prints the environment to export)
#
# Never touches the shared daemon (/var/run/docker.sock) except to `docker save` the base images.
# Only the addresses created here are used: 10.213.47.1 (Maven's side of a veth pair) and
# 10.213.47.2 (the daemon's side). The registry of start-registry.sh (127.0.0.1:5000 in Maven's
# namespace) is forwarded into the daemon's namespace so `deploy` can push, as a registry reachable
# from both sides would be in a real CI.
source "$(dirname "$0")/lib.sh"
NS=bgdind
HOST_IF=bgdind0 NS_IF=bgdind1
HOST_IP=10.213.47.1 NS_IP=10.213.47.2 PORT=2376
D=${BUILDGATE_DIND_DIR:-$BG_HOME/dind}
T=$BG_HOME/trixie/root   # install-docker.sh's Docker 26 on Debian 12; the system's on Debian 13
DOCKERD=$T/usr/sbin/dockerd; [ -x "$DOCKERD" ] || DOCKERD=$(command -v dockerd)
CERTS=$D/certs

dind_env() {
  printf 'export DOCKER_HOST=tcp://%s:%s DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=%s/client\n' "$NS_IP" "$PORT" "$CERTS"
}

make_certs() {
  [ -f "$CERTS/client/key.pem" ] && [ -f "$CERTS/server/key.pem" ] && return 0
  rm -rf "$CERTS"; mkdir -p "$CERTS/ca" "$CERTS/server" "$CERTS/client"
  local o="$LOG_DIR/dind-openssl.log"
  {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=buildgate dind CA" \
      -keyout "$CERTS/ca/key.pem" -out "$CERTS/ca/cert.pem"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$NS_IP" -keyout "$CERTS/server/key.pem" -out "$CERTS/server/csr.pem"
    printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$NS_IP" >"$CERTS/server/ext.cnf"
    openssl x509 -req -days 2 -in "$CERTS/server/csr.pem" -CA "$CERTS/ca/cert.pem" -CAkey "$CERTS/ca/key.pem" \
      -CAcreateserial -extfile "$CERTS/server/ext.cnf" -out "$CERTS/server/cert.pem"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=buildgate-ci" -keyout "$CERTS/client/key.pem" -out "$CERTS/client/csr.pem"
    printf 'extendedKeyUsage=clientAuth\n' >"$CERTS/client/ext.cnf"
    openssl x509 -req -days 2 -in "$CERTS/client/csr.pem" -CA "$CERTS/ca/cert.pem" -CAkey "$CERTS/ca/key.pem" \
      -CAcreateserial -extfile "$CERTS/client/ext.cnf" -out "$CERTS/client/cert.pem"
  } >"$o" 2>&1 || { tail -20 "$o" >&2; return 1; }
  cp "$CERTS/ca/cert.pem" "$CERTS/client/ca.pem"
  # the client side as the docker CLI expects it (ca.pem, cert.pem, key.pem), readable by the
  # docker group (the non-root run uses it too)
  chgrp -R docker "$CERTS/client" 2>/dev/null || true
  chmod 0750 "$CERTS" "$CERTS/client"; chmod 0640 "$CERTS/client/"*.pem
}

up() {
  apt_install openssl iproute2 socat
  mkdir -p "$D"
  make_certs
  if ! ip netns list | grep -qw "$NS"; then
    ip netns add "$NS"
    ip link add "$HOST_IF" type veth peer name "$NS_IF"
    ip link set "$NS_IF" netns "$NS"
    ip addr add "$HOST_IP/30" dev "$HOST_IF"; ip link set "$HOST_IF" up
    ip netns exec "$NS" ip addr add "$NS_IP/30" dev "$NS_IF"
    ip netns exec "$NS" ip link set "$NS_IF" up
    ip netns exec "$NS" ip link set lo up
  fi
  if ! [ -f "$D/dockerd.pid" ] || ! kill -0 "$(cat "$D/dockerd.pid")" 2>/dev/null; then
    log "starting a private dockerd in netns $NS on tcp://$NS_IP:$PORT (TLS)"
    mkdir -p "$D/data" "$D/exec"
    echo '{}' >"$D/daemon.json"
    # nsenter, not `ip netns exec`: that also remounts /sys, and dockerd needs the cgroup mounts
    PATH=$T/usr/bin:$T/usr/sbin:$PATH nsenter --net=/var/run/netns/$NS "$DOCKERD" \
      --config-file "$D/daemon.json" --data-root "$D/data" --exec-root "$D/exec" --pidfile "$D/dockerd.pid" \
      --host "tcp://$NS_IP:$PORT" --tlsverify --tlscacert "$CERTS/ca/cert.pem" \
      --tlscert "$CERTS/server/cert.pem" --tlskey "$CERTS/server/key.pem" \
      --iptables=false --ip-masq=false --cgroup-parent /buildgate-dind \
      >"$LOG_DIR/dind-dockerd.log" 2>&1 &
    echo $! >"$D/dockerd.launcher.pid"
  fi
  # the registry, forwarded: Maven's 127.0.0.1:5000 <- HOST_IP:5000 <- the daemon's 127.0.0.1:5000
  if ! [ -f "$D/socat-host.pid" ] || ! kill -0 "$(cat "$D/socat-host.pid")" 2>/dev/null; then
    socat "TCP-LISTEN:5000,bind=$HOST_IP,fork,reuseaddr" TCP:127.0.0.1:5000 >/dev/null 2>&1 &
    echo $! >"$D/socat-host.pid"
    ip netns exec "$NS" socat TCP-LISTEN:5000,bind=127.0.0.1,fork,reuseaddr "TCP:$HOST_IP:5000" >/dev/null 2>&1 &
    echo $! >"$D/socat-ns.pid"
  fi
  eval "$(dind_env)"
  for _ in $(seq 1 60); do timeout 5 docker version >/dev/null 2>&1 && break; sleep 1; done
  timeout 5 docker version >/dev/null 2>&1 || { tail -30 "$LOG_DIR/dind-dockerd.log" >&2; log "private dockerd did not start"; return 1; }
  # the local base images (nothing can be pulled)
  local missing=()
  for i in buildgate/debian:local buildgate/busybox:local; do
    docker image inspect "$i" >/dev/null 2>&1 || missing+=("$i")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    DOCKER_HOST=unix:///var/run/docker.sock DOCKER_TLS_VERIFY= DOCKER_CERT_PATH= docker save "${missing[@]}" | docker load -q >/dev/null
  fi
  log "private daemon $(docker version -f '{{.Server.Version}}') at $DOCKER_HOST, images: $(docker image ls --format '{{.Repository}}:{{.Tag}}' | tr '\n' ' ')"
}

stop_pid() {
  local f=$1
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

down() {
  stop_pid "$D/socat-host.pid"; stop_pid "$D/socat-ns.pid"
  if [ -f "$D/dockerd.pid" ]; then
    # containers first (the daemon stops them on exit too, given the time)
    eval "$(dind_env)"
    ids=$(timeout 10 docker ps -aq 2>/dev/null || true)
    [ -z "$ids" ] || timeout 60 docker rm -f $ids >/dev/null 2>&1 || true
  fi
  stop_pid "$D/dockerd.pid"; stop_pid "$D/dockerd.launcher.pid"
  # containerd-shims of the private daemon, by its exec-root (never another daemon's)
  for p in $(pgrep -f -- "$D/exec" 2>/dev/null || true); do kill "$p" 2>/dev/null || true; done
  if ip netns list | grep -qw "$NS"; then ip netns delete "$NS"; fi
  ip link delete "$HOST_IF" 2>/dev/null || true
  { grep -F " $D/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$D/data" "$D/exec" "$D/certs" "$D/it/local-repo"   # the IT clone stays for its build.log
  log "private daemon, netns $NS and veth $HOST_IF removed"
}

run() {
  eval "$(dind_env)"
  export PATH="$BG_HOME/venv/bin:$PATH" UV_OFFLINE=1 UV_PYTHON_DOWNLOADS=never
  local wd=$D/it out=$LOG_DIR/dind-reference-pipeline.log t0
  rm -rf "$wd"
  t0=$(date +%s)
  log "reference pipeline against $DOCKER_HOST (TLS, daemon in netns $NS)"
  set +e
  "$ROOT/mvnw" -B -f "$ROOT/pom.xml" verify -pl buildgate-it ${BG_MVN_AM:-} -DskipTests \
    -Dinvoker.test=reference-pipeline -Dinvoker.maven4.skip=true -Dit.workDir="$wd" >"$out" 2>&1
  local rc=$?
  set -e
  grep -E 'Passed: [0-9]+, Failed|BUILD (SUCCESS|FAILURE)' "$out" | tail -3 >&2 || true
  [ $rc -eq 0 ] || tail -80 "$out" >&2
  # the stack's ports were reached on the daemon's host, never on this namespace's loopback
  local bl=$wd/it/reference-pipeline/build.log
  if [ $rc -eq 0 ] && ! grep -q "port: integration.backend.8443=$NS_IP:" "$bl"; then
    log "the backend's port was not resolved to the daemon's host $NS_IP:"; grep 'port: ' "$bl" >&2; rc=1
  fi
  # timings of the three Maven runs of the IT (cold verify, up-to-date verify, deploy)
  grep -E '^\[INFO\] Total time' "$wd/it/reference-pipeline/build.log" 2>/dev/null | sed 's/^/[dind] /' >&2 || true
  log "dind-shape reference pipeline: exit $rc in $(( $(date +%s) - t0 ))s (log $out)"
  return $rc
}

case "${1:-all}" in
  up) up; dind_env ;;
  down) down ;;
  run) run ;;
  env) dind_env ;;
  all)
    trap down EXIT
    up
    run ;;
  *) echo "usage: $0 [all|up|down|run|env]" >&2; exit 2 ;;
esac
