#!/usr/bin/env bash
# Benchmark of integration-maven-plugin's domain code on the real Docker engine (no Maven in the
# timed path). Usage: bench/integration/run.sh [runs]   (needs the plugin installed: ./mvnw -o -pl
# integration-maven-plugin install -DskipTests, and the local images buildgate/busybox:local and
# buildgate/debian:local).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cp_file="$(mktemp)"
out_dir="$(mktemp -d /tmp/bg-bench-integration.XXXXXX)"
trap 'rm -rf "$cp_file" "$out_dir"' EXIT
(cd "$root" && ./mvnw -B -o -q -pl integration-maven-plugin dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null)
cp="$root/integration-maven-plugin/target/classes:$(cat "$cp_file")"
cd "$here"
java -cp "$cp" Bench.java "${1:-5}" "$out_dir"
# nothing may be left behind
left="$(docker ps -aq --filter label=dev.buildgate.project=dev.buildgate.bench:integration)"
if [ -n "$left" ]; then echo "containers left: $left" >&2; exit 1; fi
