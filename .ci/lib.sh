# Shared helpers for the .ci scripts. Sourced, never run.
set -euo pipefail
CI_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$CI_DIR/.." && pwd)
# Everything the CI installs lives here, outside the checkout, so re-runs reuse it.
BG_HOME=${BUILDGATE_CI_HOME:-/opt/buildgate-ci}
LOG_DIR=${BUILDGATE_CI_LOGS:-/var/log/buildgate-ci}
mkdir -p "$BG_HOME" "$LOG_DIR"
log() { printf '[.ci %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
apt_updated=$BG_HOME/.apt-updated
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ ! -f "$apt_updated" ]; then apt-get update -qq >"$LOG_DIR/apt-update.log" 2>&1; touch "$apt_updated"; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$LOG_DIR/apt-install.log" 2>&1 \
    || { tail -20 "$LOG_DIR/apt-install.log" >&2; return 1; }
}
