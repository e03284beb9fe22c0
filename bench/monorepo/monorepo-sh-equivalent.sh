#!/usr/bin/env bash
# Baseline for the monorepo benchmark: the same work as `mvn -T 4 verify` on src/it/monorepo, as a plain
# shell script with the same parallelism: users and catalog at once, orders after users (its stack runs
# the users image), like Maven's reactor with -T 4. Per module, in order: ruff, mypy, bandit; docker
# buildx build; the CI compose file (built images instead of build:); compose up; wait with curl
# --retry; the test (check.py); compose logs + down; mkdocs build --strict.
#
# Environment: EXAMPLE_DIR (default src/it/monorepo), OUT_DIR, TOOLS_BIN, NO_CACHE=1 (buildx --no-cache).
# Writes OUT_DIR/timings.tsv (TOTAL last). Cleans up its stacks, images and copy, also on failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXAMPLE_DIR=${EXAMPLE_DIR:-$REPO/src/it/monorepo}
TOOLS_BIN=${TOOLS_BIN:-/opt/buildgate-ci/venv/bin}
RUN_ID=${RUN_ID:-$(date +%s)$$}
OUT_DIR=${OUT_DIR:-$HERE/out/$RUN_ID}
export PATH=$TOOLS_BIN:$PATH NO_MKDOCS_2_WARNING=1
PREFIX=bgbench-mono-$RUN_ID
WORK=$(mktemp -d /tmp/bgbench-mono.XXXXXX)
mkdir -p "$OUT_DIR"
TIMES=$OUT_DIR/timings.tsv
: >"$TIMES"
NOCACHE=(); [ "${NO_CACHE:-0}" = 1 ] && NOCACHE=(--no-cache)

cleanup() {
  for m in users catalog orders; do
    [ -f "$WORK/$m/ci.yaml" ] && docker compose -p "$PREFIX-$m" -f "$WORK/$m/ci.yaml" down -v --remove-orphans >/dev/null 2>&1
  done
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep "^$PREFIX/" | xargs -r docker rmi -f >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
step() {  # name command... : runs, records the time, stops the module on failure
  local name=$1 t0 rc; shift
  t0=$(now)
  "$@" >>"$OUT_DIR/$name.log" 2>&1; rc=$?
  printf '%s\t%s\n' "$name" "$(echo "$(now) - $t0" | bc)" >>"$TIMES"
  [ $rc -eq 0 ] || { echo "step $name failed ($rc), see $OUT_DIR/$name.log" >&2; return $rc; }
}
wait_http() {  # compose-file project service: the published port answers
  local port
  port=$(docker compose -p "$2" -f "$1" port "$3" 8080) || return 1
  curl -fsS --retry 60 --retry-delay 1 --retry-all-errors -o /dev/null "http://$port/" || return 1
  echo "$3=$port"
}
module() {  # name [services of its stack...]
  local m=$1 d=$WORK/$1 p=$PREFIX-$1 args=() s; shift
  step "$m-ruff" bash -c "cd '$d/app' && ruff check ." || return 1
  step "$m-mypy" bash -c "cd '$d/app' && mypy ." || return 1
  step "$m-bandit" bandit -q -r "$d/app" || return 1
  step "$m-build" docker buildx build "${NOCACHE[@]}" --load -t "$PREFIX/$m:it" "$d" || return 1
  # the CI variant: the images the build made instead of build:
  sed -e '/^ *build: /d' -e "s#image: local/monorepo/\\([a-z]*\\):dev#image: $PREFIX/\\1:it#" \
    "$d/docker-compose.yaml" >"$d/ci.yaml"
  step "$m-up" docker compose -p "$p" -f "$d/ci.yaml" up -d || return 1
  for s in "$@"; do
    args+=("$(wait_http "$d/ci.yaml" "$p" "$s")") || return 1
  done
  step "$m-test" env MODULE="$m" MONO_FAIL=none python3 "$WORK/check.py" "${args[@]}"; local rc=$?
  docker compose -p "$p" -f "$d/ci.yaml" logs --no-color >"$OUT_DIR/$m-compose.log" 2>&1
  step "$m-down" docker compose -p "$p" -f "$d/ci.yaml" down -t 1 -v --remove-orphans || return 1
  [ $rc -eq 0 ] || return $rc
  step "$m-docs" mkdocs build --strict -q -f "$d/mkdocs.yml" -d "$WORK/site-$m" || return 1
}

tar -C "$EXAMPLE_DIR" --exclude=target --exclude='*_cache' --exclude=__pycache__ -cf - . | tar -C "$WORK" -xf -
t0=$(now)
module users users & users=$!
module catalog catalog & catalog=$!
rc=0
wait $users || rc=1
if [ $rc -eq 0 ]; then module orders users orders || rc=1; fi
wait $catalog || rc=1
printf 'TOTAL\t%s\n' "$(echo "$(now) - $t0" | bc)" >>"$TIMES"
exit $rc
