#!/usr/bin/env bash
# The Trivy vulnerability database for the docker:scan tests (Trivy cannot download its own here).
# Builds .ci/trivy-db (a small Go program on github.com/aquasecurity/trivy-db, the module Trivy 0.68.2
# itself uses) and writes advisories.json into a Trivy cache dir:
#   $BUILDGATE_TRIVY_CACHE/db/trivy.db + metadata.json   (default /opt/buildgate-ci/trivy-cache)
# The advisories target real package versions of buildgate/debian:local (made by make-base-images.sh).
# Idempotent: rebuilds only when main.go/go.mod/go.sum/advisories.json changed or the DB is missing.
# Needs Go (1.24+) and the Go module proxy the first time only; the tests never need the network.
source "$(dirname "$0")/lib.sh"
SRC=$CI_DIR/trivy-db
CACHE=${BUILDGATE_TRIVY_CACHE:-$BG_HOME/trivy-cache}
GEN=$BG_HOME/trivy-db-gen/make-trivy-db
stamp=$CACHE/.inputs.sha256
# "fixedVersion": "@next" means "just above the version buildgate/debian:local really has", so the
# fixable advisories keep matching when Debian ships a newer package into a freshly made image.
RESOLVED=$BG_HOME/trivy-db-gen/advisories.json
mkdir -p "$(dirname "$RESOLVED")"
docker run --rm buildgate/debian:local dpkg-query -W -f '${source:Package} ${source:Version}\n' | sort -u \
  | python3 -c '
import json, sys
installed = dict(line.split(" ", 1) for line in sys.stdin.read().splitlines() if " " in line)
advisories = json.load(open(sys.argv[1]))
for a in advisories:
    if a.get("fixedVersion") == "@next":
        if a["package"] not in installed:
            sys.exit("advisory %s: package %s is not in buildgate/debian:local" % (a["id"], a["package"]))
        a["fixedVersion"] = installed[a["package"]].strip() + "+buildgate1"
json.dump(advisories, open(sys.argv[2], "w"), indent=1)
' "$SRC/advisories.json" "$RESOLVED"
want=$(cat "$SRC/main.go" "$SRC/go.mod" "$SRC/go.sum" "$RESOLVED" | sha256sum | cut -d' ' -f1)
if [ -f "$CACHE/db/trivy.db" ] && [ -f "$CACHE/db/metadata.json" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
export PATH=$PATH:/usr/local/go/bin
command -v go >/dev/null || { log "make-trivy-db: Go is not installed (need Go 1.24+ on PATH or in /usr/local/go)"; exit 1; }
mkdir -p "$(dirname "$GEN")" "$CACHE"
log "building the Trivy test DB generator (go build, module proxy on first run)"
(cd "$SRC" && GOFLAGS=-mod=readonly go build -o "$GEN" .) >"$LOG_DIR/trivy-db-build.log" 2>&1 \
  || { tail -20 "$LOG_DIR/trivy-db-build.log" >&2; exit 1; }
# Written aside, then renamed into place file by file (atomic), so a scan running meanwhile never
# sees a half-written or missing database.
tmp=$(mktemp -d "$CACHE/.new.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
"$GEN" -advisories "$RESOLVED" -cache "$tmp" >&2
mkdir -p "$CACHE/db"
mv -f "$tmp/db/trivy.db" "$CACHE/db/trivy.db"
mv -f "$tmp/db/metadata.json" "$CACHE/db/metadata.json"
echo "$want" >"$stamp"
log "Trivy test DB ready in $CACHE/db"
