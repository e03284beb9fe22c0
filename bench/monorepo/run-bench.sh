#!/usr/bin/env bash
# The monorepo benchmark (issue 14): `mvn -T 4 verify` on src/it/monorepo (three modules, orders' stack
# runs users' image) against monorepo-sh-equivalent.sh (the same work, same parallelism), one after the other.
#
#   cold ratio    = mvn -T 4 verify, cold            / shell baseline, cold           target <= 0.9
#   rerun ratio   = mvn -T 4 verify, nothing changed / mvn -T 4 verify, cold          target <= 0.2
#   change ratio  = mvn -T 4 verify after a change in catalog's sources
#                   / mvn -pl catalog verify after the same kind of change             target <= 1.3
#                   (and in the reactor run only catalog's gates run: users and orders are up to date)
#
# "cold" for both: fresh copies (no target/, no analyzer caches), images built with --no-cache.
# The plugins come from the invoker's local repository: run the monorepo IT first
# (./mvnw -B verify -pl buildgate-it -am -DskipTests -Dinvoker.test=monorepo), or set LOCAL_REPO.
# ROUNDS>1 alternates and reports medians (the machine is shared: load varies).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXAMPLE=$REPO/src/it/monorepo
ROUNDS=${ROUNDS:-1}
LOCAL_REPO=${LOCAL_REPO:-$REPO/buildgate-it/target/local-repo}
TOOLS_BIN=${TOOLS_BIN:-/opt/buildgate-ci/venv/bin}
export PATH=$TOOLS_BIN:$PATH UV_OFFLINE=1 GITHUB_ACTIONS=false
OUT=${OUT_DIR:-$HERE/out/bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$REPO/pom.xml" | head -1)
[ -d "$LOCAL_REPO/dev/buildgate/docker-maven-plugin/$VERSION" ] \
  || { echo "run-bench: no plugins in $LOCAL_REPO: run the monorepo IT first (see the header)" >&2; exit 2; }
sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#" "$REPO/src/it/settings.xml" >"$OUT/settings.xml"
MVN_ARGS=(-B -o -ntp -s "$OUT/settings.xml" "-Dmaven.repo.local=$LOCAL_REPO" -Dbuildgate.ci.provider=local
  -Dbuildgate.docker.noCache=true "-Dbuildgate.imagePrefix=local/bgbench-mono-$$")

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
copies=()
cleanup() {
  set +e
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep "^local/bgbench-mono-$$/" | xargs -r docker rmi -f >/dev/null 2>&1
  for c in ${copies[@]+"${copies[@]}"}; do rm -rf "$c"; done
}
trap cleanup EXIT
fresh_copy() {
  dir=$(mktemp -d /tmp/bgbench-mono-mvn.XXXXXX)
  copies+=("$dir")
  tar -C "$EXAMPLE" --exclude=target --exclude='*_cache' --exclude=__pycache__ -cf - . | tar -C "$dir" -xf -
  sed -i "s/@project.version@/$VERSION/g" "$dir/pom.xml"
}
mvn_run() {  # label args...: prints the wall time
  local label=$1 t0; shift
  t0=$(now)
  (cd "$dir" && "$REPO/mvnw" "${MVN_ARGS[@]}" "$@") >"$OUT/$label.log" 2>&1 \
    || { echo "run-bench: mvn $* ($label) failed, see $OUT/$label.log" >&2; tail -30 "$OUT/$label.log" >&2; exit 1; }
  echo "$(now) - $t0" | bc
}
change() {  # a real source change in catalog: a new function (lint, types, SAST, image, stack rerun)
  printf '\n\ndef added_%s() -> str:\n    """A change."""\n    return "%s"\n' "$1" "$1" >>"$dir/catalog/app/catalog.py"
}

printf 'round\tshell_cold\tmvn_cold\tmvn_rerun\tmvn_change\tmodule_alone\n' >"$OUT/results.tsv"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS: shell baseline (cold)" >&2
  NO_CACHE=1 OUT_DIR="$OUT/shell-$r" "$HERE/monorepo-sh-equivalent.sh" >"$OUT/shell-$r.log" 2>&1 \
    || { echo "run-bench: baseline failed, see $OUT/shell-$r.log" >&2; exit 1; }
  sh=$(awk -F'\t' '$1=="TOTAL"{print $2}' "$OUT/shell-$r/timings.tsv")
  fresh_copy
  echo "round $r/$ROUNDS: mvn -T 4 verify (cold)" >&2
  cold=$(mvn_run "mvn-cold-$r" -T 4 verify)
  echo "round $r/$ROUNDS: mvn -T 4 verify (nothing changed)" >&2
  rerun=$(mvn_run "mvn-rerun-$r" -T 4 verify)
  echo "round $r/$ROUNDS: mvn -T 4 verify (catalog changed)" >&2
  change "r${r}a"
  changed=$(mvn_run "mvn-change-$r" -T 4 verify)
  # only catalog's gates ran: users' and orders' images and stacks are up to date
  if grep -qE '^\[INFO\] \[(users|orders)\] built ' "$OUT/mvn-change-$r.log" \
    || [ "$(grep -c 'integration:up UP-TO-DATE' "$OUT/mvn-change-$r.log")" != 2 ]; then
    echo "run-bench: a change in catalog ran another module's gates, see $OUT/mvn-change-$r.log" >&2; exit 1
  fi
  echo "round $r/$ROUNDS: mvn -pl catalog verify (catalog changed, module alone)" >&2
  change "r${r}b"
  alone=$(mvn_run "mvn-alone-$r" -pl catalog verify)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$sh" "$cold" "$rerun" "$changed" "$alone" >>"$OUT/results.tsv"
done

col() { awk -v c="$1" 'NR>1{print $c}' "$OUT/results.tsv" | median; }
sh=$(col 2); cold=$(col 3); rerun=$(col 4); changed=$(col 5); alone=$(col 6)
{
  echo "rounds: $ROUNDS (medians), load average at end: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
  printf 'shell baseline, cold           %8.2f s\n' "$sh"
  printf 'mvn -T 4 verify, cold          %8.2f s   ratio %.3f (target <= 0.9)\n' "$cold" "$(echo "$cold / $sh" | bc -l)"
  printf 'mvn -T 4 verify, re-run        %8.2f s   ratio %.3f of cold (target <= 0.2)\n' "$rerun" "$(echo "$rerun / $cold" | bc -l)"
  printf 'mvn -T 4 verify, catalog edit  %8.2f s   ratio %.3f of the module alone (target <= 1.3)\n' "$changed" "$(echo "$changed / $alone" | bc -l)"
  printf 'mvn -pl catalog verify, edit   %8.2f s\n' "$alone"
} | tee "$OUT/summary.txt"
