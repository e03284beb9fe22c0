#!/usr/bin/env bash
# Findings writers benchmark (dev.buildgate.core.finding): builds N findings, writes SARIF, JSON and
# a baseline, loads the baseline and matches, renders console lines. Small heap on purpose: the
# writers stream with Jackson's JsonGenerator, so they need no memory beyond the findings list.
# Needs: JDK 17+, jackson 2.21.2 in ~/.m2 (./mvnw -o -pl buildgate-core install once).
# Usage: bench/core-findings/run.sh [findings=100000] [heap=192m]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
N=${1:-100000}
HEAP=${2:-192m}
OUT=$HERE/target
M2=${MAVEN_REPO:-$HOME/.m2/repository}/com/fasterxml/jackson/core
CP="$M2/jackson-core/2.21.2/jackson-core-2.21.2.jar:$M2/jackson-databind/2.21.2/jackson-databind-2.21.2.jar"
CP="$CP:$(ls "$M2"/jackson-annotations/2.21/jackson-annotations-2.21*.jar | head -1)"
rm -rf "$OUT/classes" && mkdir -p "$OUT/classes"
# the finding package is compiled on its own; nothing else of core is needed
javac -nowarn -d "$OUT/classes" -cp "$CP" "$ROOT"/buildgate-core/src/main/java/dev/buildgate/core/finding/*.java
java -Xmx"$HEAP" -cp "$OUT/classes:$CP" "$HERE/FindingsBench.java" "$N" "$OUT/data"
rm -rf "$OUT/data"
