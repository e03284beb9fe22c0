#!/usr/bin/env bash
# A standalone BuildKit daemon and a buildx builder "buildgate-remote" (remote driver) on it, for
# the docker plugin's branch-cache tests: the default buildx builder (docker driver) cannot export
# cache (type=local/registry), and the docker-container driver would have to pull moby/buildkit,
# which is impossible here. Debian has no buildkitd package, so buildkitd is built from the Go module
# github.com/moby/buildkit at the version matching buildx 0.13 (go install, Go module proxy).
# Idempotent: an existing binary / running daemon / existing builder is kept.
source "$(dirname "$0")/lib.sh"
BK=$BG_HOME/buildkit
BK_VERSION=${BUILDKIT_VERSION:-v0.13.2}
SOCK=unix:///run/buildgate-buildkitd.sock
PIDFILE=$BK/buildkitd.pid
mkdir -p "$BK/bin" "$BK/state"

if [ ! -x "$BK/bin/buildkitd" ]; then
  GO=$(command -v go || echo /usr/local/go/bin/go)
  [ -x "$GO" ] || { log "go not found: needed to build buildkitd $BK_VERSION"; exit 1; }
  log "building buildkitd $BK_VERSION with go install (a few minutes, once)"
  GOBIN=$BK/bin GOFLAGS=-p=2 nice -n 10 "$GO" install "github.com/moby/buildkit/cmd/buildkitd@$BK_VERSION" \
    >"$LOG_DIR/buildkitd-build.log" 2>&1 || { tail -20 "$LOG_DIR/buildkitd-build.log" >&2; exit 1; }
fi
command -v runc >/dev/null || apt_install runc

# The test registry of start-registry.sh speaks plain http on loopback.
cat >"$BK/buildkitd.toml.new" <<'TOML'
[registry."127.0.0.1:5000"]
  http = true
  insecure = true
TOML
if ! cmp -s "$BK/buildkitd.toml.new" "$BK/buildkitd.toml"; then
  mv "$BK/buildkitd.toml.new" "$BK/buildkitd.toml"
  if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; sleep 1; rm -f "$PIDFILE"; fi
else
  rm -f "$BK/buildkitd.toml.new"
fi

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && [ -S /run/buildgate-buildkitd.sock ]; }
if ! running; then
  rm -f /run/buildgate-buildkitd.sock
  log "starting buildkitd on $SOCK"
  nohup "$BK/bin/buildkitd" --config "$BK/buildkitd.toml" --addr "$SOCK" --root "$BK/state" \
    --oci-worker-snapshotter=overlayfs \
    >"$LOG_DIR/buildkitd.log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 1 50); do [ -S /run/buildgate-buildkitd.sock ] && break; sleep 0.2; done
  running || { tail -20 "$LOG_DIR/buildkitd.log" >&2; log "buildkitd did not start"; exit 1; }
fi
if ! docker buildx inspect buildgate-remote >/dev/null 2>&1; then
  docker buildx create --name buildgate-remote --driver remote "$SOCK" >/dev/null
fi
docker buildx inspect buildgate-remote | grep -q 'Status: *running' \
  || { docker buildx inspect buildgate-remote >&2; log "buildx builder buildgate-remote is not running"; exit 1; }
log "buildkitd $BK_VERSION on $SOCK, buildx builder buildgate-remote (remote driver)"
