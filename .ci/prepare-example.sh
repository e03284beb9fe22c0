#!/usr/bin/env bash
# The bundled example runs its tests with `uv run --frozen pytest` (as the reference does): warm uv's
# default cache with backend/uv.lock once, so the tests then run offline. Idempotent.
source "$(dirname "$0")/lib.sh"
TOOLS_BIN=$BG_HOME/venv/bin bash "$ROOT/bench/pipeline/prepare-uv-cache.sh" >"$LOG_DIR/prepare-example.log" 2>&1 \
  || { tail -20 "$LOG_DIR/prepare-example.log" >&2; exit 1; }
log "$(tail -1 "$LOG_DIR/prepare-example.log")"
