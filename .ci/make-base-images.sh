#!/usr/bin/env bash
# Local base images (nothing can be pulled here, see ../shared/ENVIRONMENT.md):
#   buildgate/busybox:local  busybox-static in an empty image (sh, wget, nc, httpd), made in < 1 s
# Idempotent: an image that exists is kept.
source "$(dirname "$0")/lib.sh"
if ! docker image inspect buildgate/busybox:local >/dev/null 2>&1; then
  apt_install busybox-static
  d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
  mkdir -p "$d/bin" "$d/tmp" "$d/etc" "$d/var/www"
  cp /bin/busybox "$d/bin/busybox"
  for a in $("$d/bin/busybox" --list); do [ "$a" = busybox ] || ln -sf busybox "$d/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$d/etc/passwd"; echo 'root:x:0:' >"$d/etc/group"
  tar -C "$d" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - buildgate/busybox:local >/dev/null
  log "imported buildgate/busybox:local"
fi

#   buildgate/debian:local   Debian 12 minbase with python3, openssl, redis-server and nginx-light
#                            (real dpkg database, so Trivy detects its OS packages), made with debootstrap.
if ! docker image inspect buildgate/debian:local >/dev/null 2>&1; then
  apt_install debootstrap
  URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  d=$BG_HOME/debian-rootfs
  rm -rf "$d"; mkdir -p "$d"
  log "debootstrap bookworm (minbase + python3, openssl, redis-server, nginx-light)"
  debootstrap --variant=minbase --include=python3,openssl,ca-certificates,redis-server,nginx-light \
    bookworm "$d" "${URI:-http://deb.debian.org/debian}" >"$LOG_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$LOG_DIR/debootstrap.log" >&2; exit 1; }
  rm -rf "$d"/var/cache/apt/archives/*.deb "$d"/var/lib/apt/lists/*
  tar -C "$d" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' - buildgate/debian:local >/dev/null
  rm -rf "$d"
  log "imported buildgate/debian:local"
fi
