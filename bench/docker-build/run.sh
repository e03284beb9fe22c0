#!/usr/bin/env bash
# Benchmark of docker:build (see README.md). Needs the plugin installed in ~/.m2
# (./mvnw -o -pl docker-maven-plugin install -DskipTests) and buildgate/busybox:local.
# Usage: bench/docker-build/run.sh [workdir]     (prints a results table; exits 1 if a target is missed)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${1:-$(mktemp -d /tmp/bg-bench-docker.XXXXXX)}
MVN="$ROOT/mvnw -B -o -q"
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)
PLUGIN="dev.buildgate:docker-maven-plugin:$VERSION:build"
PREFIX=buildgate-bench/docker-build
cleanup() {
  docker image ls --format '{{.Repository}}:{{.Tag}}' | grep "^$PREFIX/" | xargs -r docker image rm -f >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
mkdir -p "$W"

pom() { # dir, images xml
  cat >"$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>$(basename "$1")</artifactId><version>1.0</version><packaging>pom</packaging>
  <properties><buildgate.imagePrefix>$PREFIX</buildgate.imagePrefix><buildgate.ci.branch>main</buildgate.ci.branch></properties>
  <build><plugins><plugin><groupId>dev.buildgate</groupId><artifactId>docker-maven-plugin</artifactId><version>$VERSION</version>
    <configuration><images>$2</images></configuration></plugin></plugins></build></project>
POM
}
image_dir() { # dir name
  mkdir -p "$1/$2"
  printf 'FROM buildgate/busybox:local\nARG NONCE\nRUN echo "$NONCE" > /nonce && sleep 3\n' >"$1/$2/Dockerfile"
}
goal_seconds() { sed -n 's/.*wall time \([0-9.]*\) s.*/\1/p' "$1/target/buildgate/summary.md" | tail -1; }
now() { date +%s.%N; }
run() { # dir extra-args... ; prints "goal_s total_s"
  local d=$1; shift
  local t0 t1
  t0=$(now); (cd "$d" && $MVN "$PLUGIN" "$@" >"$d/last.log" 2>&1) || { cat "$d/last.log" >&2; exit 1; }
  t1=$(now)
  echo "$(goal_seconds "$d") $(echo "$t1 - $t0" | bc)"
}

# 1. one image alone vs two independent images (both with a ~3 s RUN, cache defeated by a nonce)
one=$W/one; two=$W/two; mkdir -p "$one" "$two"
image_dir "$one" a; image_dir "$two" a; image_dir "$two" b
pom "$one" '<image><name>a</name><context>a</context><buildArgs><NONCE>${nonce}</NONCE></buildArgs></image>'
pom "$two" '<image><name>a</name><context>a</context><buildArgs><NONCE>${nonce}</NONCE></buildArgs></image>
            <image><name>b</name><context>b</context><buildArgs><NONCE>${nonce}</NONCE></buildArgs></image>'
read -r one_goal one_total < <(run "$one" -Dnonce="one-$RANDOM$RANDOM")
read -r two_goal two_total < <(run "$two" -Dnonce="two-$RANDOM$RANDOM")
# 2. no-op re-run of the two-image build: same nonce as before is not known here, so build once more
nonce="noop-$RANDOM$RANDOM"
run "$two" -Dnonce="$nonce" >/dev/null
read -r noop_goal noop_total < <(run "$two" -Dnonce="$nonce")
grep -q 'UP_TO_DATE' "$two/target/buildgate/summary.md" || { echo "no-op run rebuilt something" >&2; exit 1; }

# 3. engine fallback: stream a 20,000-file context (and a 2,000-file one) with a capped heap; max heap after GC
ctx_run() { # dir files
  local d=$1 n=$2
  mkdir -p "$d/ctx"
  printf 'FROM buildgate/busybox:local\nCOPY . /ctx\nRUN test "$(find /ctx/files -type f | wc -l)" = %s && test ! -e /ctx/ignored.txt && echo files-ok\n' "$n" >"$d/ctx/Dockerfile"
  printf 'ignored.txt\n' >"$d/ctx/.dockerignore"; echo x >"$d/ctx/ignored.txt"
  mkdir -p "$d/ctx/files"
  (cd "$d/ctx/files" && for i in $(seq 1 "$n"); do mkdir -p "d$((i % 100))"; printf 'file %08d %s\n' "$i" "$(printf '%060d' "$i")" >"d$((i % 100))/f$i.txt"; done)
  pom "$d" '<image><name>ctx'"$n"'</name><context>ctx</context></image>'
  local t0 t1
  t0=$(now)
  (cd "$d" && MAVEN_OPTS="-Xmx128m -Xlog:gc:file=$d/gc.log" $MVN "$PLUGIN" -Dbuildgate.docker.builder=engine >"$d/last.log" 2>&1) \
    || { tail -40 "$d/last.log" >&2; exit 1; }
  t1=$(now)
  grep -q files-ok "$d/target/buildgate/docker/ctx$n.log" || { echo "context $n not complete" >&2; exit 1; }
  # largest heap occupancy after a GC, in MB ("Pause Young ... 40M->12M(128M)")
  local maxafter
  maxafter=$(sed -n 's/.*[0-9]M->\([0-9]*\)M(.*/\1/p' "$d/gc.log" | sort -n | tail -1)
  echo "$(goal_seconds "$d") $(echo "$t1 - $t0" | bc) ${maxafter:-0}"
}
read -r c2k_goal c2k_total c2k_heap < <(ctx_run "$W/ctx2k" 2000)
read -r c20k_goal c20k_total c20k_heap < <(ctx_run "$W/ctx20k" 20000)

# baseline: the docker CLI's own classic build of the same 20,000-file context
t0=$(now)
(cd "$W/ctx20k/ctx" && DOCKER_BUILDKIT=0 docker build -q -t "$PREFIX/cli-baseline:1" . >/dev/null 2>&1) || { echo "docker CLI baseline build failed" >&2; exit 1; }
t1=$(now)
cli20k=$(echo "$t1 - $t0" | bc)

ratio=$(echo "scale=2; $two_goal / $one_goal" | bc)
printf '\n| measurement | docker:build goal | whole mvn run |\n|---|---|---|\n'
printf '| one image alone (RUN sleep 3) | %.1f s | %.1f s |\n' "$one_goal" "$one_total"
printf '| two independent images | %.1f s (%.2fx one image) | %.1f s |\n' "$two_goal" "$ratio" "$two_total"
printf '| no-op re-run (both UP_TO_DATE) | %.1f s | %.1f s |\n' "$noop_goal" "$noop_total"
printf '| engine fallback, 2,000-file context | %.1f s, max heap after GC %s MB (-Xmx128m) | %.1f s |\n' "$c2k_goal" "$c2k_heap" "$c2k_total"
printf '| engine fallback, 20,000-file context | %.1f s, max heap after GC %s MB (-Xmx128m) | %.1f s |\n' "$c20k_goal" "$c20k_heap" "$c20k_total"
printf '| docker CLI classic build (DOCKER_BUILDKIT=0), same 20,000-file context | %.1f s | |\n' "$cli20k"
fail=0
[ "$(echo "$two_goal <= 1.3 * $one_goal" | bc)" = 1 ] || { echo "MISSED: two images took more than 1.3x one image"; fail=1; }
[ "$(echo "$noop_goal < 2" | bc)" = 1 ] || { echo "MISSED: no-op re-run took 2 s or more"; fail=1; }
exit $fail
