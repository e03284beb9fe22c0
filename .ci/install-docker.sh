#!/usr/bin/env bash
# Docker Engine 26 with BuildKit, buildx and compose v2 on Debian 12, from Debian trixie's packages
# unpacked into a private folder (see ../shared/ENVIRONMENT.md). Idempotent; starts dockerd if needed.
source "$(dirname "$0")/lib.sh"
T=$BG_HOME/trixie
if [ "$(cut -d. -f1 /etc/debian_version)" = 13 ]; then
  apt_install docker.io docker-buildx docker-compose
  DOCKERD=/usr/sbin/dockerd; DPATH=$PATH
else
  apt_install docker.io
  if [ ! -x "$T/root/usr/sbin/dockerd" ]; then
    log "fetching trixie docker.io, containerd, docker-buildx, docker-compose"
    mkdir -p "$T/lists/partial" "$T/cache/archives/partial" "$T/root" "$T/debs"
    URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    URI=${URI:-http://deb.debian.org/debian}
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $URI trixie main" >"$T/sources.list"
    O=(-o "Dir::Etc::SourceList=$T/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$T/lists" -o "Dir::Cache=$T/cache")
    apt-get "${O[@]}" update -qq >"$LOG_DIR/trixie-update.log" 2>&1
    (cd "$T/debs" && apt-get "${O[@]}" download docker.io containerd docker-buildx docker-compose >"$LOG_DIR/trixie-download.log" 2>&1)
    for d in "$T"/debs/*.deb; do dpkg -x "$d" "$T/root"; done
    rm -f "$T/root/usr/bin/runc" "$T/root/usr/sbin/runc"
  fi
  mkdir -p /usr/libexec/docker/cli-plugins
  cp -f "$T"/root/usr/libexec/docker/cli-plugins/* /usr/libexec/docker/cli-plugins/
  DOCKERD=$T/root/usr/sbin/dockerd; DPATH=$T/root/usr/bin:$PATH
fi
# A docker CLI that knows the plugins: prefer trixie's CLI (26.x) when present.
if [ -x "$T/root/usr/bin/docker" ]; then ln -sf "$T/root/usr/bin/docker" /usr/local/bin/docker; fi

# A daemon that is already running must be the new one: bookworm's docker.io package may have started
# its own 20.10 dockerd (no named build contexts); replace it.
server_major=$(timeout 5 docker version -f '{{.Server.Version}}' 2>/dev/null | cut -d. -f1 || true)
if [ -n "$server_major" ] && [ "$server_major" -lt 25 ] 2>/dev/null; then
  log "stopping Docker $server_major.x started by the distribution package"
  (service docker stop || systemctl stop docker.socket docker.service) >/dev/null 2>&1 || true
  pkill -x dockerd 2>/dev/null || true
  for _ in $(seq 1 20); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
fi
# A running daemon whose default bridge is gone (`docker run` fails: "adding interface ... to bridge
# docker0 failed: Device does not exist") is restarted: dockerd creates docker0 at start.
if timeout 5 docker info >/dev/null 2>&1 && [ ! -e /sys/class/net/docker0 ]; then
  log "WARNING: dockerd runs without its default bridge docker0: restarting it"
  pkill -x dockerd 2>/dev/null || true
  for _ in $(seq 1 20); do pgrep -x dockerd >/dev/null || break; sleep 0.5; done
fi
if ! timeout 5 docker info >/dev/null 2>&1; then
  log "starting dockerd"
  # systemd may have started bookworm's dockerd from the docker.io package: stop it first.
  (systemctl stop docker.socket docker.service 2>/dev/null || true)
  pkill -x dockerd 2>/dev/null && sleep 2 || true
  rm -f /var/run/docker.pid
  PATH=$DPATH nohup "$DOCKERD" --iptables=false --ip-masq=false >"$LOG_DIR/dockerd.log" 2>&1 &
  echo $! >"$BG_HOME/dockerd.pid"
  for i in $(seq 1 60); do timeout 5 docker info >/dev/null 2>&1 && break; sleep 1; done
  timeout 5 docker info >/dev/null 2>&1 || { tail -30 "$LOG_DIR/dockerd.log" >&2; log "dockerd did not start"; exit 1; }
fi
docker buildx version >/dev/null && docker compose version >/dev/null
log "docker $(docker version -f '{{.Server.Version}} (API {{.Server.APIVersion}})'), $(docker buildx version | cut -d' ' -f1-2), $(docker compose version --short)"
