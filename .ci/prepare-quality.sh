#!/usr/bin/env bash
# Warms the uv cache that the quality ITs read offline (UV_OFFLINE=1, UV_CACHE_DIR=$BG_HOME/uv-cache):
# `uvx ruff==0.17.6` / `uvx bandit==1.9.4` and the `uv run` environment of src/it/quality-uv-runners.
# Needs the pinned venv (install-tools.sh) and, the first time only, the Python package index.
# Idempotent: an offline probe skips what is already cached. Prints the cache dir.
source "$(dirname "$0")/lib.sh"
export PATH=$BG_HOME/venv/bin:$PATH
export UV_CACHE_DIR=$BG_HOME/uv-cache
export UV_PYTHON_DOWNLOADS=never
mkdir -p "$UV_CACHE_DIR"
command -v uv >/dev/null || { log "uv missing: run .ci/install-tools.sh first"; exit 1; }
for spec in ruff==0.17.6 bandit==1.9.4; do
  if ! UV_OFFLINE=1 uvx "$spec" --version >/dev/null 2>&1; then
    log "warming uv cache: uvx $spec"
    uvx "$spec" --version >"$LOG_DIR/uv-warm.log" 2>&1 || { tail -20 "$LOG_DIR/uv-warm.log" >&2; exit 1; }
  fi
done
proj=$ROOT/src/it/quality-uv-runners/backend
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$proj/pyproject.toml" "$proj/uv.lock" "$tmp/"
if ! (cd "$tmp" && UV_OFFLINE=1 uv sync --frozen --quiet >/dev/null 2>&1); then
  log "warming uv cache: uv sync of quality-uv-runners"
  (cd "$tmp" && uv sync --frozen --quiet) >"$LOG_DIR/uv-warm.log" 2>&1 || { tail -20 "$LOG_DIR/uv-warm.log" >&2; exit 1; }
fi
echo "$UV_CACHE_DIR"
