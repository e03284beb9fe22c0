#!/usr/bin/env bash
# A non-root runner (a GitLab shell runner, a Jenkins agent): the reference pipeline IT as a user in
# the `docker` group, with umask 022, then checks that what the build wrote under target/ (and a
# quality baseline) respects the umask: group- and world-readable, owned by the user.
#
# Runs after the test command of .ci/run, whose `install` left the plugins in root's ~/.m2: the
# user gets a copy of that repository, of the uv cache and of the checkout (no build as the user
# unless BG_NONROOT_BUILD=1, which installs the plugins into the user's own repository first).
# Everything made here (user, home, processes) is removed at the end, also on failure.
source "$(dirname "$0")/lib.sh"
U=${BUILDGATE_CI_USER:-bgci}
TOOLS_BIN=${BG_TOOLS_BIN:-$BG_HOME/venv/bin}
H=/home/$U
out=$LOG_DIR/non-root-reference-pipeline.log

cleanup() {
  if id "$U" >/dev/null 2>&1; then
    for p in $(pgrep -u "$U" 2>/dev/null || true); do kill "$p" 2>/dev/null || true; done   # the CI user's own
    sleep 1
    userdel -r "$U" >/dev/null 2>&1 || rm -rf "$H"
  fi
}
trap cleanup EXIT

getent group docker >/dev/null || groupadd docker
if [ "$(stat -c %G /var/run/docker.sock)" != docker ]; then
  chgrp docker /var/run/docker.sock && chmod 0660 /var/run/docker.sock   # what dockerd does with a docker group
fi
cleanup
useradd -m -d "$H" -s /bin/bash -G docker "$U"

# the checkout (without build output), root's Maven repository and wrapper, uv's caches
mkdir -p "$H/buildgate" "$H/.m2" "$H/.cache"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | grep -zv '/target/' | tar -c --null -T - -f -) | tar -x -C "$H/buildgate"
cp -a "$HOME/.m2/repository" "$HOME/.m2/wrapper" "$H/.m2/" 2>/dev/null || true
[ -d "$HOME/.cache/uv" ] && cp -a "$HOME/.cache/uv" "$H/.cache/uv"
chown -R "$U:$U" "$H"

# the pinned tools must run for this user (install-tools.sh builds them on the system's Python)
if ! su -s /bin/bash "$U" -c "'$TOOLS_BIN/mypy' --version" >/dev/null 2>&1; then
  log "$U cannot run $TOOLS_BIN/mypy: the tools' virtualenv must be readable by every user (install-tools.sh)"
  exit 1
fi

t0=$(date +%s)
log "reference pipeline IT as $(id "$U") (umask 022)"
set +e
su -s /bin/bash "$U" -c "
  set -e; cd '$H/buildgate'; umask 022
  export PATH='$TOOLS_BIN':\$PATH UV_OFFLINE=1 UV_PYTHON_DOWNLOADS=never
  if [ '${BG_NONROOT_BUILD:-0}' = 1 ]; then ./mvnw -B -o -q install -DskipTests -Dinvoker.skip -Dspotless.check.skip; fi
  ./mvnw -B -o verify -pl buildgate-it -DskipTests -Dinvoker.test=reference-pipeline -Dinvoker.maven4.skip=true
  # a quality baseline, written as this user in the IT's copy of the example
  ./mvnw -B -o -q -f buildgate-it/target/it/reference-pipeline/pom.xml quality:baseline
" >"$out" 2>&1
rc=$?
set -e
grep -E 'Passed: [0-9]+, Failed|BUILD (SUCCESS|FAILURE)' "$out" | tail -3 >&2 || true
it=$H/buildgate/buildgate-it/target/it/reference-pipeline
grep -E '^\[INFO\] Total time' "$it/build.log" 2>/dev/null | sed 's/^/[non-root] /' >&2 || true
if [ $rc -ne 0 ]; then
  tail -80 "$out" >&2
else
  # umask 022: every file the build wrote is readable by group and others, and the user's own
  baseline=$it/.buildgate/quality-baseline.json
  [ -f "$baseline" ] || { log "no quality baseline was written"; rc=1; }
  bad=$(find "$it/target" "$baseline" \( ! -perm -044 -o ! -user "$U" \) 2>/dev/null || true)
  if [ -n "$bad" ]; then
    log "$(echo "$bad" | wc -l) file(s) do not respect umask 022 or are not owned by $U, e.g.:"
    echo "$bad" | sed -n '1,20p' | xargs -d '\n' ls -ld >&2 || true; rc=1
  else
    log "umask respected: $(find "$it/target" -type f | wc -l) files under target/, baseline $(stat -c '%A %U' "$baseline")"
  fi
fi
log "non-root reference pipeline: exit $rc in $(( $(date +%s) - t0 ))s (log $out)"
exit $rc
