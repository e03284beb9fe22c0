#!/usr/bin/env bash
# Lints the GitHub Actions recipe (examples/ci/github/buildgate.yml) with actionlint, built once with
# `go install` (Go module proxy on the first run only) into $BG_HOME/actionlint/<version>/.
# The GitLab file is checked by a unit test (structure) and the three recipes' Maven commands by the
# ci-github, ci-gitlab and ci-jenkins invoker projects.
source "$(dirname "$0")/lib.sh"
VERSION=v1.7.12
BIN=$BG_HOME/actionlint/$VERSION/actionlint
if [ ! -x "$BIN" ]; then
  GO=$(command -v go || echo /usr/local/go/bin/go)
  [ -x "$GO" ] || { log "go not found: needed to build actionlint $VERSION"; exit 1; }
  log "building actionlint $VERSION (go install, once)"
  mkdir -p "$(dirname "$BIN")"
  GOBIN=$(dirname "$BIN") GOFLAGS=-mod=mod "$GO" install "github.com/rhysd/actionlint/cmd/actionlint@$VERSION" \
    >"$LOG_DIR/actionlint-build.log" 2>&1 || { tail -20 "$LOG_DIR/actionlint-build.log" >&2; exit 1; }
fi
"$BIN" -no-color "$ROOT/examples/ci/github/buildgate.yml"
log "actionlint $VERSION: examples/ci/github/buildgate.yml is clean"
