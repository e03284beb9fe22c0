#!/usr/bin/env bash
# The pipeline benchmark (issue 8): `mvn verify` on the bundled example against the plain sequential
# shell baseline (deploy-sh-equivalent.sh), on the same machine, one after the other.
#
#   cold ratio   = mvn verify, cold          / shell baseline, cold        target <= 0.9
#   rerun ratio  = mvn verify, nothing changed / mvn verify, cold          target <= 0.15
#   rerun excess = mvn verify, nothing changed - mvn verify of an empty project (packaging pom, no
#                  plugins, same JVM and Maven flags), measured right after it   target <= 0.25 s
#   (issue 17 also asks the cold ratio <= 0.75)
#   skip floor   = mvn verify with every goal skipped by its plugin's property - the empty project:
#                  what the four plugins cost before any gate runs (realms, mojo configuration, the
#                  goal skeleton), the part of the rerun excess that no up-to-date check can remove
#
# "cold" for both: images built with --no-cache (BuildKit's cache of other layers stays, for both
# alike), a fresh copy of the example (no target/, no .mypy_cache), the same tools (TOOLS_BIN on PATH).
# "rerun": the same mvn command again in the same copy, nothing changed; Buildgate's up-to-date
# checks apply (same flags: docker:build counts -Dbuildgate.docker.noCache as an input).
# ROUNDS>1 alternates baseline and mvn runs and reports medians (the machine is shared: load varies).
#
# Needs: the Buildgate plugins installed in ~/.m2 (./mvnw -o install of the plugins), the example's
# pom.xml wired to them. Output: bench/pipeline/out/bench-<time>/results.tsv and a summary on stdout.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXAMPLE=$REPO/src/it/reference-pipeline
ROUNDS=${ROUNDS:-1}
TOOLS_BIN=${TOOLS_BIN:-/opt/buildgate-ci/venv/bin}
export PATH=$TOOLS_BIN:$PATH UV_OFFLINE=1  # tests never reach the network; uv uses its warm cache
OUT=${OUT_DIR:-$HERE/out/bench-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$REPO/pom.xml" | head -1)
MVN_ARGS=(${MVN_ARGS:--B -o -ntp -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS})  # timestamps: the per-goal timeline
# images of its own: the example's fixed prefix (local/reference-pipeline) is shared with the invoker
# and hand runs, and removing them at the end must not touch anyone else's
MVN_ARGS+=("-Dbuildgate.imagePrefix=local/bgbench-$$")
# POM_FILE: the example's POM to run (pom.draft.xml to try the draft); MVN_GOALS: what to run
# (default verify; while the parent binds no goals, the goals by coordinates, see the example README);
# PARENT_FROM_REPO=1: use this checkout's buildgate-parent/pom.xml (not yet installed) as the parent
POM_FILE=${POM_FILE:-pom.xml}
read -r -a GOALS <<<"${MVN_GOALS:-verify}"

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

copies=()
cleanup() {
  set +e  # best effort: one failed removal must not stop the rest
  for c in ${copies[@]+"${copies[@]}"}; do
    # the images mvn built (a stack left by a failed run is removed by the integration plugin's hook)
    if [ -f "$c/target/buildgate/docker/images.json" ]; then
      python3 -c 'import json, sys; print("\n".join(r for i in json.load(open(sys.argv[1]))["images"] for r in i.get("refs") or []))' \
        "$c/target/buildgate/docker/images.json" | xargs -r docker rmi >/dev/null 2>&1
    fi
    rm -rf "$c"
  done
}
trap cleanup EXIT

fresh_copy() {  # sets $dir (not via $(...): the cleanup list must be updated in this shell)
  dir=$(mktemp -d /tmp/bgbench-mvn.XXXXXX)
  copies+=("$dir")
  tar -C "$EXAMPLE" --exclude=target --exclude=site --exclude=.venv --exclude='*_cache' --exclude=__pycache__ \
    -cf - . | tar -C "$dir" -xf -
  sed "s/@project.version@/$VERSION/g" "$EXAMPLE/$POM_FILE" >"$dir/pom.xml"
  if [ "${PARENT_FROM_REPO:-0}" = 1 ]; then  # this checkout's buildgate-parent instead of ~/.m2's
    local rel                                # (Maven needs a relative relativePath)
    rel=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$REPO/buildgate-parent/pom.xml" "$dir")
    sed -i "s#<relativePath/>#<relativePath>$rel</relativePath>#" "$dir/pom.xml"
  fi
}

mvn_verify() {  # dir label extra-args...
  local dir=$1 label=$2; shift 2
  local t0 t1
  t0=$(now)
  (cd "$REPO" && ./mvnw "${MVN_ARGS[@]}" -f "$dir/pom.xml" "${GOALS[@]}" "$@") >"$OUT/$label.log" 2>&1 \
    || { echo "run-bench: mvn verify ($label) failed, see $OUT/$label.log" >&2; tail -30 "$OUT/$label.log" >&2; exit 1; }
  t1=$(now)
  secs "$t0" "$t1"
}

# the floor: what Maven itself costs for `verify` of a project without any plugin (JVM start, model
# building, the default lifecycle's bindings for packaging pom), with the same command line
empty=$(mktemp -d /tmp/bgbench-empty.XXXXXX)
copies+=("$empty")
cat >"$empty/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId>
  <artifactId>empty</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
</project>
POM
# the same JVM flags: Maven reads .mvn/jvm.config from the project's directory (the example's C1-only
# flags make a JVM start about 0.4 s faster; without them the floor would be too high)
mkdir -p "$empty/.mvn"
cp "$EXAMPLE/.mvn/jvm.config" "$empty/.mvn/jvm.config"
mvn_verify "$empty" "mvn-empty-warmup" >/dev/null  # resolves the default bindings once (offline)

printf 'round\tshell_cold\tmvn_cold\tmvn_rerun\tmvn_empty\tmvn_skipped\n' >"$OUT/results.tsv"
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r/$ROUNDS: shell baseline (cold)" >&2
  NO_CACHE=1 OUT_DIR="$OUT/shell-$r" "$HERE/deploy-sh-equivalent.sh" >"$OUT/shell-$r.log" 2>&1 \
    || { echo "run-bench: baseline failed, see $OUT/shell-$r.log" >&2; exit 1; }
  sh=$(awk -F'\t' '$1=="TOTAL"{print $2}' "$OUT/shell-$r/timings.tsv")
  fresh_copy
  echo "round $r/$ROUNDS: mvn verify (cold)" >&2
  cold=$(mvn_verify "$dir" "mvn-cold-$r" -Dbuildgate.docker.noCache=true)
  for p in quality docker integration docs; do  # a pom that runs no gates would "win" the benchmark
    grep -qE -- "--- ($p-maven-plugin|$p):" "$OUT/mvn-cold-$r.log" \
      || { echo "run-bench: mvn verify ran no $p goal: wire the example's pom.xml to the plugins first" >&2; exit 2; }
  done
  echo "round $r/$ROUNDS: mvn verify (nothing changed)" >&2
  # same command line as the cold run: a changed flag (noCache) is a changed input for docker:build
  rerun=$(mvn_verify "$dir" "mvn-rerun-$r" -Dbuildgate.docker.noCache=true)
  echo "round $r/$ROUNDS: mvn verify of an empty project" >&2
  emp=$(mvn_verify "$empty" "mvn-empty-$r" -Dbuildgate.docker.noCache=true)
  # the floor under the re-run: the same goals, every one skipped by its plugin's property (Maven
  # makes the four plugin realms and configures each mojo; the goal skeleton records the skips)
  echo "round $r/$ROUNDS: mvn verify, every goal skipped" >&2
  skipped=$(mvn_verify "$dir" "mvn-skipped-$r" -Dbuildgate.docker.noCache=true -Dbuildgate.quality.skip \
    -Dbuildgate.docker.skip -Dbuildgate.integration.skip -Dbuildgate.docs.skip)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$sh" "$cold" "$rerun" "$emp" "$skipped" >>"$OUT/results.tsv"
done

sh=$(awk 'NR>1{print $2}' "$OUT/results.tsv" | median)
cold=$(awk 'NR>1{print $3}' "$OUT/results.tsv" | median)
rerun=$(awk 'NR>1{print $4}' "$OUT/results.tsv" | median)
emp=$(awk 'NR>1{print $5}' "$OUT/results.tsv" | median)
excess=$(awk 'NR>1{print $4-$5}' "$OUT/results.tsv" | median)
floor=$(awk 'NR>1{print $6-$5}' "$OUT/results.tsv" | median)
{
  echo "rounds: $ROUNDS (medians), load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf 'shell baseline, cold   %8.2f s\n' "$sh"
  printf 'mvn verify, cold       %8.2f s   ratio %.3f (target <= 0.9; issue 17: <= 0.75)\n' "$cold" "$(echo "$cold / $sh" | bc -l)"
  printf 'mvn verify, re-run     %8.2f s   ratio %.3f of the cold run (target <= 0.15)\n' "$rerun" "$(echo "$rerun / $cold" | bc -l)"
  printf 'empty project, verify  %8.2f s   re-run beyond it: %.2f s (median of rounds; target <= 0.25)\n' "$emp" "$excess"
  printf 'every goal skipped     beyond the empty project: %.2f s (the floor: four plugin realms, mojo configuration, skeleton)\n' "$floor"
} | tee "$OUT/summary.txt"
