#!/usr/bin/env bash
# docker:scan benchmarks. Needs: JDK 17+, python3, the module's dependencies in ~/.m2 (./mvnw -o),
# for the concurrency run also Docker, buildgate/debian:local, trivy 0.68.2 (PATH or
# /opt/buildgate-ci/venv/bin) and the test DB (.ci/make-trivy-db.sh).
# Usage: bench/docker-scan/run.sh [report-MB=50] [images=4]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MB=${1:-50}
N=${2:-4}
OUT=$HERE/target
mkdir -p "$OUT/classes"
cd "$ROOT"
# The scan package is compiled on its own (the rest of the module is not needed).
./mvnw -B -o -q -pl docker-maven-plugin dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP=$(cat "$OUT/cp.txt")
javac -nowarn -d "$OUT/classes" -cp "$CP" docker-maven-plugin/src/main/java/dev/buildgate/docker/scan/*.java
CP="$OUT/classes:$CP"
# compiled ahead: the single-file source launcher would compile inside the small benchmark heap
javac -nowarn -d "$OUT/classes" -cp "$CP" "$HERE/ScanBench.java"
REPORT=$OUT/trivy-${MB}mb.json
[ -f "$REPORT" ] || python3 "$HERE/make-report.py" "$REPORT" "$MB"

echo "== parse: -Xmx64m =="
java -Xmx64m -cp "$CP" ScanBench parse "$REPORT"
echo "== parse only: -Xmx16m =="
java -Xmx16m -cp "$CP" ScanBench parse-only "$REPORT"
echo "== concurrency: $N images =="
PATH=$PATH:/opt/buildgate-ci/venv/bin java -cp "$CP" ScanBench concurrency "$N"
