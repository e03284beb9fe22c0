#!/usr/bin/env bash
# Baseline for the Buildgate benchmark: the reference pipeline's steps as ONE plain sequential shell
# script, the way the reference's deploy.sh / workflow YAML runs them, on the bundled example
# (src/it/reference-pipeline). `mvn verify` on the same example is compared against its wall time.
#
#   bench/pipeline/deploy-sh-equivalent.sh            # run, print per-step timings
#   NO_CACHE=1 bench/pipeline/deploy-sh-equivalent.sh # buildx --no-cache (a cold image build)
#
# Steps: ruff, mypy, bandit, buildx base -> backend -> frontend, trivy scan of both images,
# render the CI compose file, compose up, wait with curl --retry, fetch the OpenAPI spec, pytest
# (-n 2, coverage), compose logs + down, mkdocs build --strict. It stops at the first failing step
# (exit code = that step's) and always cleans up what it started: compose stack, network, volumes,
# the images it tagged, its temporary copy of the example.
#
# Environment (all optional):
#   EXAMPLE_DIR   the example to run (default: src/it/reference-pipeline of this checkout)
#   OUT_DIR       reports, logs and timings.tsv (default: bench/pipeline/out/<run id>)
#   TOOLS_BIN     where ruff/mypy/bandit/pytest/mkdocs/trivy are (default /opt/buildgate-ci/venv/bin)
#   TRIVY_CACHE   Trivy cache dir holding db/trivy.db (default /opt/buildgate-ci/trivy-cache);
#                 when there is no DB the scans are skipped with a note (Trivy cannot download one here)
#   WAIT_RETRIES / WAIT_DELAY   readiness loop, reference values 60 x 5 s
#   NO_CACHE=1    build images with --no-cache
#   USE_UV=1      run the Python tools as the reference does: `uv sync --frozen`, then `uv run ruff/mypy/
#                 pytest` and `uv tool run bandit`, all --offline (warm the cache once with
#                 bench/pipeline/prepare-uv-cache.sh); default: ruff, mypy and bandit from TOOLS_BIN (the
#                 binaries the example's quality gates use) and pytest through `uv run --offline --frozen`
#                 (the example's integration:test command), so both sides run the same commands
#   KEEP_IMAGES=1 leave the built images (default: removed at exit)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXAMPLE_DIR=${EXAMPLE_DIR:-$REPO/src/it/reference-pipeline}
TOOLS_BIN=${TOOLS_BIN:-/opt/buildgate-ci/venv/bin}
TRIVY_CACHE=${TRIVY_CACHE:-/opt/buildgate-ci/trivy-cache}
WAIT_RETRIES=${WAIT_RETRIES:-60}
WAIT_DELAY=${WAIT_DELAY:-5}
RUN_ID=${RUN_ID:-$(date +%s)$$}
OUT_DIR=${OUT_DIR:-$HERE/out/$RUN_ID}
export PATH=$TOOLS_BIN:$PATH NO_MKDOCS_2_WARNING=1

PREFIX=bgbench-$RUN_ID           # image prefix and compose project: unique per run
TAG=latest
PROJECT=$PREFIX
WORK=$(mktemp -d /tmp/bgbench.XXXXXX)
mkdir -p "$OUT_DIR/logs" "$OUT_DIR/reports"
TIMES=$OUT_DIR/timings.tsv
: >"$TIMES"
COMPOSE_FILE_CI=$WORK/docker-compose.ci.yaml
STACK_UP=0

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$STACK_UP" = 1 ]; then
    # A step failed while the stack ran: logs first (always collected, like the reference), then down.
    collect_and_down >>"$OUT_DIR/logs/cleanup.log" 2>&1
  fi
  # Anything still labelled with this compose project (a failed `up` can leave pieces).
  for c in $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do docker rm -f "$c" >/dev/null 2>&1; done
  for n in $(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT"); do docker network rm "$n" >/dev/null 2>&1; done
  for v in $(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"); do docker volume rm "$v" >/dev/null 2>&1; done
  if [ "${KEEP_IMAGES:-0}" != 1 ]; then
    for i in base backend frontend; do docker rmi "$PREFIX/$i:$TAG" >/dev/null 2>&1; done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# step NAME COMMAND...: runs one step, records its wall time; the first failure ends the pipeline.
step() {
  local name=$1; shift
  local t0 t1 rc
  log "== $name"
  t0=$(now)
  "$@"
  rc=$?
  t1=$(now)
  printf '%s\t%.2f\t%s\n' "$name" "$(echo "$t1 - $t0" | bc)" "$rc" >>"$TIMES"
  if [ "$rc" != 0 ]; then
    log "FAILED: $name (exit $rc); logs in $OUT_DIR/logs"
    report
    exit "$rc"
  fi
}

report() {
  local total
  total=$(echo "$(now) - $T_START" | bc)
  {
    printf '\n%-22s %8s %s\n' step seconds exit
    awk -F'\t' '{printf "%-22s %8.2f %s\n", $1, $2, $3}' "$TIMES"
    printf '%-22s %8.2f\n' TOTAL "$total"
  } | tee "$OUT_DIR/summary.txt" >&2
  printf 'TOTAL\t%.2f\t-\n' "$total" >>"$TIMES"
}

# -- the steps ---------------------------------------------------------------------------------------
copy_example() {
  # Work on a copy so the checkout stays clean (site/, coverage, caches, the fetched spec).
  tar -C "$EXAMPLE_DIR" --exclude=target --exclude=site --exclude=.venv --exclude='*_cache' \
    --exclude=__pycache__ -cf - . | tar -C "$WORK" -xf -
}
if [ "${USE_UV:-0}" = 1 ]; then
  export UV_PYTHON_DOWNLOADS=never
  PY_RUN=(uv run --offline --frozen)
  BANDIT_RUN=(uvx -q --offline bandit@1.9.4)
  PYTEST_RUN=("${PY_RUN[@]}")
else
  PY_RUN=()
  BANDIT_RUN=(bandit)
  # the example's integration:test runs `uv run --frozen pytest` (a fresh copy: uv makes .venv)
  export UV_PYTHON_DOWNLOADS=never
  PYTEST_RUN=(uv run --offline --frozen)
fi
uv_sync()  { (cd "$WORK/backend" && uv sync --offline --frozen -q) >"$OUT_DIR/logs/uv-sync.log" 2>&1 || { cat "$OUT_DIR/logs/uv-sync.log" >&2; echo "run bench/pipeline/prepare-uv-cache.sh once (needs the package index)" >&2; return 1; }; }
lint()     { (cd "$WORK/backend" && ${PY_RUN[@]+"${PY_RUN[@]}"} ruff check . --config pyproject.toml) >"$OUT_DIR/logs/ruff.log" 2>&1 || { cat "$OUT_DIR/logs/ruff.log" >&2; return 1; }; }
typecheck() { (cd "$WORK/backend" && SECRET_KEY=ci-typecheck ${PY_RUN[@]+"${PY_RUN[@]}"} mypy --config-file pyproject.toml .) >"$OUT_DIR/logs/mypy.log" 2>&1 || { cat "$OUT_DIR/logs/mypy.log" >&2; return 1; }; }
sast()     { (cd "$WORK" && "${BANDIT_RUN[@]}" -r backend/ -x backend/tests/,backend/.venv/ -ll -f json -o "$OUT_DIR/reports/bandit.json") >"$OUT_DIR/logs/bandit.log" 2>&1 || { cat "$OUT_DIR/logs/bandit.log" >&2; return 1; }; }

buildx() {
  local name=$1; shift
  docker buildx build --load ${NO_CACHE:+--no-cache} "$@" >"$OUT_DIR/logs/build-$name.log" 2>&1 \
    || { tail -30 "$OUT_DIR/logs/build-$name.log" >&2; return 1; }
}
build_base()     { buildx base -t "$PREFIX/base:$TAG" -f "$WORK/backend/Dockerfile.base" "$WORK/backend"; }
build_backend()  { buildx backend --build-context "base=docker-image://$PREFIX/base:$TAG" -t "$PREFIX/backend:$TAG" "$WORK/backend"; }
build_frontend() { buildx frontend -t "$PREFIX/frontend:$TAG" "$WORK/frontend"; }

scan() {
  local image=$1 ignore=$2 name=$3
  if [ ! -f "$TRIVY_CACHE/db/trivy.db" ]; then
    log "NOTE: no Trivy DB in $TRIVY_CACHE/db: scan of $name SKIPPED (Trivy cannot download its DB here; run .ci/make-trivy-db.sh)"
    return 0
  fi
  # Private copy of the DB: Trivy locks its cache and other builds use the shared one.
  local cache=$WORK/trivy-cache
  [ -d "$cache/db" ] || { mkdir -p "$cache" && cp -r "$TRIVY_CACHE/db" "$cache/"; }
  local args=(image --quiet --image-src docker --scanners vuln --severity CRITICAL,HIGH --ignore-unfixed
              --timeout 5m --skip-db-update --cache-dir "$cache")
  [ -f "$ignore" ] && args+=(--ignorefile "$ignore")
  trivy "${args[@]}" --format json -o "$OUT_DIR/reports/trivy-$name.json" "$image" >"$OUT_DIR/logs/trivy-$name.log" 2>&1 \
    || { cat "$OUT_DIR/logs/trivy-$name.log" >&2; return 1; }   # a scanner failure fails the gate
  trivy convert --format sarif -o "$OUT_DIR/reports/trivy-$name.sarif" "$OUT_DIR/reports/trivy-$name.json" >/dev/null 2>&1
  # Decide from the JSON (the reference forgot --exit-code): any CRITICAL/HIGH with a fix fails.
  python3 - "$OUT_DIR/reports/trivy-$name.json" "$name" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
found = [(v["VulnerabilityID"], v["PkgName"], v["Severity"], v.get("FixedVersion", ""))
         for r in report.get("Results", []) for v in (r.get("Vulnerabilities") or [])]
for f in found:
    print(f"  {sys.argv[2]}: {f[0]} {f[1]} {f[2]} fixed in {f[3]}", file=sys.stderr)
print(f"  scan {sys.argv[2]}: {'FAILED' if found else 'passed'} ({len(found)} fixable CRITICAL/HIGH)", file=sys.stderr)
sys.exit(1 if found else 0)
PY
}
scan_backend()  { scan "$PREFIX/backend:$TAG" "$WORK/backend/.trivyignore" backend; }
scan_frontend() { scan "$PREFIX/frontend:$TAG" "$WORK/frontend/.trivyignore" frontend; }

compose() { docker compose -p "$PROJECT" -f "$COMPOSE_FILE_CI" "$@"; }
render_compose() {
  python3 "$HERE/render-ci-compose.py" "$WORK/docker-compose.yaml" "$COMPOSE_FILE_CI" \
    "$PREFIX/backend:$TAG" "$PREFIX/frontend:$TAG" && cp "$COMPOSE_FILE_CI" "$OUT_DIR/reports/"
}
stack_up() {
  STACK_UP=1
  compose up -d --remove-orphans >"$OUT_DIR/logs/compose-up.log" 2>&1 || { cat "$OUT_DIR/logs/compose-up.log" >&2; return 1; }
  # Ports are published as 127.0.0.1:0 (BACKEND_PORT=0): Docker picks free ones; ask which.
  local addr
  addr=$(compose port backend 8443) || return 1
  BACKEND_BASE_URL=https://$addr
  addr=$(compose port frontend 8080) || return 1
  FRONTEND_BASE_URL=http://$addr
  log "backend at $BACKEND_BASE_URL, frontend at $FRONTEND_BASE_URL"
}
wait_ready() {
  if ! curl --retry "$WAIT_RETRIES" --retry-delay "$WAIT_DELAY" --retry-all-errors -ksf -o /dev/null \
      "$BACKEND_BASE_URL/api/v1/health/live"; then
    log "backend not live at $BACKEND_BASE_URL after $WAIT_RETRIES x ${WAIT_DELAY}s"
    compose logs --no-color >&2
    return 1
  fi
}
fetch_spec() {
  # The reference fetches the spec from the API and adds the production server before the docs build.
  curl -ksf "$BACKEND_BASE_URL/openapi.json" | python3 -c '
import json, sys
spec = json.load(sys.stdin)
spec["servers"] = [{"url": "https://notes.example.org", "description": "Production"}]
json.dump(spec, open(sys.argv[1], "w"), indent=2)' "$WORK/docs/reference/openapi.json"
}
integration_tests() {
  (cd "$WORK/backend" && BACKEND_BASE_URL=$BACKEND_BASE_URL FRONTEND_BASE_URL=$FRONTEND_BASE_URL SCHEMA_SUBJECT_PREFIX="ci.$RUN_ID." \
    timeout 300 "${PYTEST_RUN[@]}" pytest -p no:cacheprovider -n 2 tests/integration tests/unit --cov=app --cov-branch \
      --cov-report="xml:$OUT_DIR/reports/coverage.xml" --junitxml="$OUT_DIR/reports/pytest.xml") \
    >"$OUT_DIR/logs/pytest.log" 2>&1
  local rc=$?
  tail -3 "$OUT_DIR/logs/pytest.log" >&2
  return $rc
}
collect_and_down() {
  compose logs --no-color >"$OUT_DIR/logs/compose.log" 2>&1
  for s in $(compose config --services); do compose logs --no-color "$s" >"$OUT_DIR/logs/service-$s.log" 2>&1; done
  compose down -v --remove-orphans >"$OUT_DIR/logs/compose-down.log" 2>&1 && STACK_UP=0
}
docs() { (cd "$WORK" && mkdocs build --strict -d "$OUT_DIR/site") >"$OUT_DIR/logs/mkdocs.log" 2>&1 || { cat "$OUT_DIR/logs/mkdocs.log" >&2; return 1; }; }

# -- pipeline ----------------------------------------------------------------------------------------
for t in ruff mypy bandit pytest mkdocs docker curl bc; do
  command -v "$t" >/dev/null || { log "missing tool: $t (PATH=$PATH)"; exit 127; }
done
export BACKEND_PORT=0 FRONTEND_PORT=0   # ephemeral host ports: runs side by side never collide
BACKEND_BASE_URL= FRONTEND_BASE_URL=
log "run $RUN_ID: example $EXAMPLE_DIR, output $OUT_DIR"
T_START=$(now)
step copy-example    copy_example
[ "${USE_UV:-0}" = 1 ] && step uv-sync uv_sync
step ruff            lint
step mypy            typecheck
step bandit          sast
step build-base      build_base
step build-backend   build_backend
step build-frontend  build_frontend
step scan-backend    scan_backend
step scan-frontend   scan_frontend
step compose-render  render_compose
step compose-up      stack_up
step wait-live       wait_ready
step fetch-openapi   fetch_spec
step pytest          integration_tests
step compose-down    collect_and_down
step mkdocs          docs
report
log "pipeline passed; reports in $OUT_DIR"
