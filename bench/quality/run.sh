#!/usr/bin/env bash
# Buildgate quality benchmark. Usage: bench/quality/run.sh [modules=2000] [runs=5]
#  (a) plugin overhead: quality:check (ruff + mypy + bandit, concurrently) against the same three
#      commands run directly from a shell, sequentially and concurrently (`&` + wait);
#  (b) up-to-date re-run of quality:check (goal time, from Maven's log timestamps);
#  (c) parsing 100,000 findings per format (ParseBench.java, -Xmx128m).
# Needs: the plugin installed in ~/.m2 (flock ... ./mvnw -B -o -pl quality-maven-plugin install),
# the pinned tools (/opt/buildgate-ci/venv/bin or PATH), python3. Writes only under a temp dir.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${1:-2000}
RUNS=${2:-5}
export PATH=${BUILDGATE_TOOLS:-/opt/buildgate-ci/venv/bin}:$PATH
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
WORK=$(mktemp -d /tmp/bg-quality-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
python3 "$HERE/gen.py" "$WORK" "$N" >/dev/null
cat >"$WORK/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>quality-bench</artifactId><version>1</version><packaging>pom</packaging>
  <build><plugins><plugin>
    <groupId>dev.buildgate</groupId><artifactId>quality-maven-plugin</artifactId><version>$VERSION</version>
    <configuration>
      <workingDirectory>backend</workingDirectory>
      <ruff><configFile>pyproject.toml</configFile></ruff>
      <mypy><configFile>pyproject.toml</configFile></mypy>
    </configuration>
  </plugin></plugins></build>
</project>
POM
# the JVM flags the README recommends for tool-bound builds (the example's .mvn/jvm.config);
# JVM_CONFIG= (empty) measures Maven's default JVM
mkdir -p "$WORK/.mvn"
printf '%s\n' "${JVM_CONFIG--XX:TieredStopAtLevel=1}" >"$WORK/.mvn/jvm.config"
MVN=("$ROOT/mvnw" -B -o -f "$WORK/pom.xml" -Dorg.slf4j.simpleLogger.showDateTime=true
     -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS)
GOAL=dev.buildgate:quality-maven-plugin:$VERSION
B=$WORK/backend
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { sort -n | head -1; }
stats() { echo "min $(minimum <"$1") / median $(median <"$1")"; }
# goal time: from the "--- quality:...:check" line to the last analyzer summary line
goal_ms() {
  python3 - "$1" "${2:-goal}" <<'PY'
import re, sys, datetime
t = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace")]
def ts(l):
    m = re.match(r"^(\d\d:\d\d:\d\d\.\d\d\d)", l)
    return datetime.datetime.strptime(m.group(1), "%H:%M:%S.%f") if m else None
start = next(ts(l) for l in t if "--- quality:" in l and ts(l))
if len(sys.argv) > 2 and sys.argv[2] == "skip":  # the goal with -Dbuildgate.quality.skip: Maven loads and configures the plugin
    end = next(ts(l) for l in t if "skipped (buildgate.quality.skip" in l and ts(l))
    print(int((end - start).total_seconds() * 1000))
    sys.exit(0)
end = [ts(l) for l in t if re.search(r"\] (ruff|mypy|bandit): \d+ findings?", l) and ts(l)][-1]
first = [ts(l) for l in t if l.rstrip().endswith("(in backend)") and ts(l)]
mode = sys.argv[2] if len(sys.argv) > 2 else "goal"
if mode == "pre":
    print(int((first[0] - start).total_seconds() * 1000) if first else 0)
else:
    print(int((end - start).total_seconds() * 1000))
PY
}
# the exact commands the plugin runs, taken from its log ("[INFO] ruff: <command> (in backend)"),
# so both sides use the same arguments (and mypy the same cache)
load_commands() {
  for t in ruff mypy bandit; do
    sed -n "s:^.*\] $t\: \(/.*\) (in backend)$:\1:p" "$1" | head -1 >"$WORK/cmd.$t"
    [ -s "$WORK/cmd.$t" ] || { echo "no $t command in $1"; exit 1; }
  done
}
run_tool() { (cd "$B" && eval "$(cat "$WORK/cmd.$1")" >"$WORK/out.$1" 2>/dev/null || true); }
direct() { run_tool ruff; run_tool mypy; run_tool bandit; }
direct_par() { run_tool ruff & run_tool mypy & run_tool bandit & wait; }
echo "project: $(find "$B" -name '*.py' | wc -l) Python files; $(nproc) CPUs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools: $(ruff --version), $(mypy --version | cut -d' ' -f1-2), $(bandit --version | head -1)"
# warm-up: accept the generated findings, learn the commands, fill mypy's cache and the page cache
"${MVN[@]}" "$GOAL:baseline" >"$WORK/baseline.log" 2>&1
load_commands "$WORK/baseline.log"
direct
for i in $(seq "$RUNS"); do
  t0=$(now); direct; t1=$(now); echo "$(ms "$t0" "$t1")" >>"$WORK/seq"
  t0=$(now); direct_par; t1=$(now); echo "$(ms "$t0" "$t1")" >>"$WORK/par"
  t0=$(now); "${MVN[@]}" "$GOAL:check" -Dbuildgate.quality.upToDateCheck=false >"$WORK/check.log" 2>&1; t1=$(now)
  echo "$(ms "$t0" "$t1")" >>"$WORK/mvn"; goal_ms "$WORK/check.log" >>"$WORK/goal"
  goal_ms "$WORK/check.log" pre >>"$WORK/pre"
  t0=$(now); "${MVN[@]}" validate >/dev/null 2>&1; t1=$(now); echo "$(ms "$t0" "$t1")" >>"$WORK/jvm"
  "${MVN[@]}" "$GOAL:check" -Dbuildgate.quality.skip >"$WORK/skip.log" 2>&1; goal_ms "$WORK/skip.log" skip >>"$WORK/skip"
done
grep -q "BUILD SUCCESS" "$WORK/check.log" || { echo "quality:check failed:"; tail -30 "$WORK/check.log"; exit 1; }
par_ms=$(median <"$WORK/par"); goal=$(median <"$WORK/goal")
echo
echo "(a) overhead, $RUNS runs each (ms):"
echo "    direct, sequential (ruff; mypy; bandit):        $(stats "$WORK/seq")"
echo "    direct, concurrent (ruff & mypy & bandit):      $(stats "$WORK/par")"
echo "    quality:check goal (Maven log timestamps):      $(stats "$WORK/goal")"
echo "      of which before the first tool starts:        $(stats "$WORK/pre")"
echo "    mvn quality:check wall:                         $(stats "$WORK/mvn")"
echo "    mvn validate wall (Maven start, no goal):       $(stats "$WORK/jvm")"
echo "    goal - direct concurrent (medians):             $(( goal - par_ms )) ms ($(( (goal - par_ms) * 100 / par_ms ))%)"
echo "    goal - direct concurrent (minimums):            $(( $(minimum <"$WORK/goal") - $(minimum <"$WORK/par") )) ms"
skip=$(median <"$WORK/skip")
echo "    quality:check -Dbuildgate.quality.skip goal (Maven loads and configures the plugin, no analysis): $(stats "$WORK/skip")"
echo "    goal - plugin start - direct concurrent (medians): $(( goal - skip - par_ms )) ms ($(( (goal - skip - par_ms) * 100 / par_ms ))%)"
# (b) up-to-date: a passing run records its inputs; the next run skips every analyzer
"${MVN[@]}" "$GOAL:check" >"$WORK/uptd1.log" 2>&1
for i in $(seq "$RUNS"); do
  t0=$(now); "${MVN[@]}" "$GOAL:check" >"$WORK/uptd.log" 2>&1; t1=$(now)
  echo "$(ms "$t0" "$t1")" >>"$WORK/uwall"; goal_ms "$WORK/uptd.log" >>"$WORK/ugoal"
done
grep -c "UP-TO-DATE" "$WORK/uptd.log" | grep -q 3 || { echo "expected 3 up-to-date analyzers:"; tail -20 "$WORK/uptd.log"; exit 1; }
echo
echo "(b) up-to-date re-run of quality:check, $RUNS runs (ms): goal $(stats "$WORK/ugoal"); mvn wall $(stats "$WORK/uwall")"
grep "UP-TO-DATE" "$WORK/uptd.log" | sed 's/^/    /'
# (c) parsing
echo
echo "(c) parsing 100,000 findings (java -Xmx128m):"
CP="$ROOT/quality-maven-plugin/target/classes:$HOME/.m2/repository/dev/buildgate/buildgate-core/$VERSION/buildgate-core-$VERSION.jar"
CP="$CP:$(find "$HOME/.m2/repository/com/fasterxml/jackson/core/jackson-core" -name 'jackson-core-2.21*.jar' | head -1)"
java -Xmx128m -cp "$CP" "$HERE/ParseBench.java" | sed 's/^/    /'
