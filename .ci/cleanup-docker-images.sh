#!/usr/bin/env bash
# Removes every image the docker plugin's tests, ITs and benchmark create, also after a run that
# died before its own cleanup (each test removes its images in finally/verify.groovy; this is the
# safety net). Images are recognised by their repository prefixes: buildgate-it/, buildgate-test/,
# buildgate-bench/ (optionally behind the test registry 127.0.0.1:5000/). Idempotent.
source "$(dirname "$0")/lib.sh"
refs=$(docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null \
  | grep -E '^(127\.0\.0\.1:5000/)?buildgate-(it|test|bench)/' || true)
if [ -n "$refs" ]; then
  log "removing $(echo "$refs" | wc -l) leftover test image ref(s)"
  echo "$refs" | xargs -r docker image rm -f >/dev/null 2>&1 || true
fi
