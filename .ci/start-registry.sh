#!/usr/bin/env bash
# A real image registry for the docker plugin's tests: Debian bookworm's docker-registry
# (distribution 2.8.2) listening on 127.0.0.1:5000 ONLY, with htpasswd (bcrypt) auth, its own
# config and storage under $BG_HOME/registry, running in the background with a pid file.
# Idempotent: a registry that already answers is left alone.
#
# Test credentials (loopback-only, throwaway; the tests use exactly these):
#   user     buildgate
#   password buildgate-ci-pass
# The docker daemon treats 127.0.0.0/8 registries as insecure (plain http) by default, so no
# daemon configuration is needed (`docker info` lists 127.0.0.0/8 under Insecure Registries).
source "$(dirname "$0")/lib.sh"
REG=$BG_HOME/registry
ADDR=${BUILDGATE_REGISTRY_ADDR:-127.0.0.1:5000}
USER_NAME=buildgate
USER_PASS=buildgate-ci-pass
PIDFILE=$REG/registry.pid

answers() { [ "$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://$ADDR/v2/")" = 401 ]; }

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null && answers; then
  log "registry already running on $ADDR (pid $(cat "$PIDFILE"))"
  exit 0
fi

apt_install docker-registry apache2-utils curl
# The package may start its own service on :5000 (all interfaces, no auth) where systemd runs:
# stop and disable it, this script runs its own.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi
for p in $(pgrep -x docker-registry 2>/dev/null || true); do
  if [ ! -f "$PIDFILE" ] || [ "$p" != "$(cat "$PIDFILE")" ]; then
    if grep -q /etc/docker/registry "/proc/$p/cmdline" 2>/dev/null; then kill "$p" || true; fi
  fi
done

mkdir -p "$REG/data"
htpasswd -Bbn "$USER_NAME" "$USER_PASS" >"$REG/htpasswd"
[ -f "$REG/http-secret" ] || head -c 24 /dev/urandom | base64 >"$REG/http-secret"
cat >"$REG/config.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REG/data
  delete:
    enabled: true
http:
  addr: $ADDR
  secret: $(cat "$REG/http-secret")
auth:
  htpasswd:
    realm: buildgate-ci
    path: $REG/htpasswd
YAML

if [ -f "$PIDFILE" ]; then kill "$(cat "$PIDFILE")" 2>/dev/null || true; rm -f "$PIDFILE"; fi
log "starting docker-registry on $ADDR (storage $REG/data)"
nohup docker-registry serve "$REG/config.yml" >"$LOG_DIR/registry.log" 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 1 50); do answers && break; sleep 0.2; done
answers || { tail -20 "$LOG_DIR/registry.log" >&2; log "registry did not start on $ADDR"; exit 1; }
log "registry on $ADDR (htpasswd user $USER_NAME), pid $(cat "$PIDFILE")"
