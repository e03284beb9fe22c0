#!/usr/bin/env bash
# Warms uv's cache for the bundled example so the pipeline can run uv OFFLINE at test time:
#   uv sync --frozen / uv run --offline --frozen ...   (the dev group of backend/uv.lock)
#   uvx --offline bandit@1.9.4 ...                     (the reference's `uv tool run bandit`)
# Needs the Python package index once; idempotent (a warm cache is checked offline first, then kept).
# The lead calls it from .ci/run; the cache is uv's default (~/.cache/uv) unless UV_CACHE_DIR is set.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BACKEND=${EXAMPLE_DIR:-$HERE/../../src/it/reference-pipeline}/backend
export PATH=${TOOLS_BIN:-/opt/buildgate-ci/venv/bin}:$PATH UV_PYTHON_DOWNLOADS=never
BANDIT=${BANDIT_SPEC:-bandit@1.9.4}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp "$BACKEND/pyproject.toml" "$BACKEND/uv.lock" "$tmp/"

if (cd "$tmp" && uv sync --offline --frozen -q && uvx -q --offline "$BANDIT" --version >/dev/null 2>&1); then
  echo "prepare-uv-cache: uv cache already holds the example's lock and $BANDIT"
  exit 0
fi
echo "prepare-uv-cache: filling the uv cache (needs the package index once)"
(cd "$tmp" && uv sync --frozen -q)
uvx -q "$BANDIT" --version >/dev/null
# Prove it works without the network.
(cd "$tmp" && rm -rf .venv && uv sync --offline --frozen -q && uv run --offline --frozen pytest --version >/dev/null)
uvx -q --offline "$BANDIT" --version >/dev/null
echo "prepare-uv-cache: ready ($(uv cache dir))"
