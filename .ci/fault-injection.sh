#!/usr/bin/env bash
# Fault injection on real components: each plugin's main goal killed mid-run (SIGTERM, SIGKILL), a
# registry of our own stopped during docker:push, a full disk under target/. After each fault:
# nothing left behind (containers, networks, processes, temp files), the summary true, and the next
# build recovers. Runs the project in .ci/fault-injection/ with the installed plugins (after the
# test command's `install`; FAULT_REPO=<local repo> to use another one, e.g. buildgate-it's).
# Prints one line per case and closes with "N passed, N failed".
# The daemon restarted during a build uses a private dockerd of its own (own data-root, exec-root,
# unix socket under the work directory, --bridge=none), never the shared one.
source "$(dirname "$0")/lib.sh"
set +e -u -o pipefail
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
REG_PORT=${FAULT_REGISTRY_PORT:-5055}
W=$(mktemp -d /tmp/bg-fault.XXXXXX)
P=$W/project
LABEL=dev.buildgate.project=dev.buildgate.fault:fault-project
REG_PID= DOCKERD_PID=
passed=0 failed=0 failures=() known=()

# processes working in the fault project (their cwd under $W): the tools a build started, each in a
# session of its own, whatever session the build had
project_pids() {
  local d p
  for d in /proc/[0-9]*; do
    p=$(readlink "$d/cwd" 2>/dev/null) || continue
    [[ $p == "$W"/* ]] && echo "${d#/proc/}"
  done
}
kill_project_pids() { project_pids | xargs -r kill -KILL 2>/dev/null; }

cleanup() {
  [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null
  kill_project_pids
  stop_dockerd
  mountpoint -q "$P/target" 2>/dev/null && umount "$P/target"
  docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1
  docker network ls -q --filter "label=$LABEL" | xargs -r docker network rm >/dev/null 2>&1
  docker volume ls -q --filter "label=$LABEL" | xargs -r docker volume rm >/dev/null 2>&1
  docker image ls -q --filter label=dev.buildgate.fault=fault-project | sort -u | xargs -r docker image rm -f >/dev/null 2>&1
  [ -n "${FAULT_KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
CASES=${FAULT_CASES:-kill push disk daemon}   # a subset while developing: FAULT_CASES=disk FAULT_KEEP=1

mkdir -p "$W/tmp" "$W/docker-config" "$W/registry"
echo '{}' >"$W/docker-config/config.json"
cp -r "$CI_DIR/fault-injection" "$P"
mkdir -p "$P/.mvn" && printf -- '-XX:+TieredCompilation -XX:TieredStopAtLevel=1\n' >"$P/.mvn/jvm.config"
sed -i -e "s#@project.version@#$VERSION#g" -e "s#@FAULT_DIR@#$W#g" -e "s#@REGISTRY_PORT@#$REG_PORT#g" \
  "$P/pom.xml" "$P/hooks.py"
MVN_ARGS=(-B)
if [ -n "${FAULT_REPO:-}" ]; then
  sed "s#@localRepositoryUrl@#file://$HOME/.m2/repository#" "$ROOT/src/it/settings.xml" >"$W/settings.xml"
  MVN_ARGS+=(-s "$W/settings.xml" -Dmaven.repo.local="$FAULT_REPO")
fi
# Offline (-o) except where the goal needs the network: docker:push refuses to run offline, so the
# push cases run online with no snapshot updates and every repository mirrored to an empty local
# folder named central, the id the local repository recorded them under (nothing reaches beyond
# this machine; all the build needs is in the local repository).
if [ -n "${FAULT_REPO:-}" ]; then
  ONLINE_ARGS=(-nsu)
else
  mkdir -p "$W/no-remote"
  printf '<settings><mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>file://%s</url></mirror></mirrors></settings>\n' \
    "$W/no-remote" >"$W/online-settings.xml"
  ONLINE_ARGS=(-nsu -s "$W/online-settings.xml")
fi
# the builds get a private temp directory and docker config, so leftovers can be seen
export TMPDIR=$W/tmp DOCKER_CONFIG=$W/docker-config MAVEN_OPTS="-Djava.io.tmpdir=$W/tmp"

ok() { passed=$((passed + 1)); printf '  PASS %s\n' "$1"; }
ko() { failed=$((failed + 1)); failures+=("$1: $2"); printf '  FAIL %s: %s\n' "$1" "$2"; }

# mvn <log> <args...>: one build in its own session (its pid is the session id); returns its exit code
mvn_bg() {
  local out=$1; shift
  local mode=(-o); [ -z "${ONLINE:-}" ] || mode=("${ONLINE_ARGS[@]}")
  (cd "$P" && exec setsid "$ROOT/mvnw" "${MVN_ARGS[@]}" "${mode[@]}" "$@" >"$out" 2>&1) &
  MVN_PID=$!
}
mvn_fg() { mvn_bg "$@"; wait "$MVN_PID"; }

# what a build may not leave behind; prints the problems, empty when clean. $2=all also counts
# processes, containers and networks (a SIGKILLed build cannot remove them: the next build must)
leftovers() {
  local sid=$1 all=$2 what=""
  if [ "$all" = all ]; then
    local procs; procs=$(ps -o pid=,stat=,args= -s "$sid" 2>/dev/null | awk '$2 !~ /^Z/' | cut -c1-80)
    [ -n "$procs" ] && what+=" processes: $(echo "$procs" | tr -s ' ' | head -3 | tr '\n' ';')"
    local c; c=$(docker ps -aq --filter "label=$LABEL")
    [ -n "$c" ] && what+=" containers: $(echo $c)"
    local n; n=$(docker network ls -q --filter "label=$LABEL")
    [ -n "$n" ] && what+=" networks: $(echo $n)"
  fi
  # Maven's own jansi library is extracted there by Maven core, not by Buildgate
  local t; t=$(ls -A "$W/tmp" 2>/dev/null | grep -v '^jansi-')
  [ -n "$t" ] && what+=" temp files: $(echo $t | head -c 200)"
  local p; p=$(find "$P/target" -name '*.tmp*' 2>/dev/null | head -3)
  [ -n "$p" ] && what+=" partial files: $(echo $p)"
  echo "$what"
}

# kill_case <name> <signal> <started-marker> <hang-args> <goals...>: the goals hang mid-run and get
# the signal; SIGTERM: nothing may be left; SIGKILL: no temp or partial files (what only the next
# build can remove is checked after it; processes orphaned by SIGKILL are reported as KNOWN).
kill_case() {
  local name=$1 sig=$2 started=$3 hangargs=$4; shift 4
  rm -f "$W"/*.started; touch "$W/hang"
  local out=$W/$name-$sig.log
  # shellcheck disable=SC2086
  mvn_bg "$out" $hangargs "$@"
  local sid=$MVN_PID i
  for i in $(seq 1 240); do
    { [ -f "$W/$started" ] || grep -qs "$started" "$P"/target/buildgate/docker/app.log "$out"; } && break
    kill -0 "$sid" 2>/dev/null || break
    sleep 0.25
  done
  rm -f "$W/hang"
  if ! kill -0 "$sid" 2>/dev/null; then
    ko "$name SIG$sig" "the build ended before the fault ($(grep -m2 '^\[ERROR\]' "$out" | tr '\n' ' '))"; return
  fi
  kill "-$sig" "$sid"
  for i in $(seq 1 120); do kill -0 "$sid" 2>/dev/null || break; sleep 0.25; done
  wait "$sid" 2>/dev/null
  sleep 0.5
  local left
  if [ "$sig" = TERM ]; then
    left=$(leftovers "$sid" all)
  else
    left=$(leftovers "$sid" files)
    local orphans; orphans=$(for p in $(project_pids); do ps -o pid=,args= -p "$p" 2>/dev/null; done | cut -c1-60 | tr -s ' ' | tr '\n' ';')
    [ -n "$orphans" ] && { known+=("$name SIGKILL: orphaned tool processes until they end: $orphans"); printf '  KNOWN %s\n' "${known[-1]}"; }
  fi
  # processes of the killed build are ours: its session's, and the tools it started in sessions of
  # their own (they outlive a SIGKILLed JVM); end them before the next case
  pkill -KILL -s "$sid" 2>/dev/null
  kill_project_pids
  local what="nothing left behind"; [ "$sig" = KILL ] && what="no temp or partial files"
  if [ -z "$left" ]; then ok "$name killed with SIG$sig mid-run: $what"
  else ko "$name killed with SIG$sig mid-run" "left behind:$left"; fi
  rm -rf "${W:?}"/tmp/*
  # after SIGTERM nothing may be left anyway; after SIGKILL the next build must clean up itself
  if [ "$sig" = TERM ]; then
    docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null 2>&1
    docker network ls -q --filter "label=$LABEL" | xargs -r docker network rm >/dev/null 2>&1
  fi
}

start_registry() {
  cat >"$W/registry/config.yml" <<YAML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $W/registry/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$REG_PORT}
YAML
  docker-registry serve "$W/registry/config.yml" >>"$W/registry/registry.log" 2>&1 &
  REG_PID=$!
  for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$REG_PORT/v2/" && return 0; sleep 0.1; done
  return 1
}

# a private docker daemon: the shared daemon's binaries, everything else its own
DOCKERD_SOCK=$W/dockerd/docker.sock
start_dockerd() {
  local bin; bin=$(dirname "$(readlink -f "$(command -v dockerd)")")
  [ -x "$BG_HOME/trixie/root/usr/sbin/dockerd" ] && bin=$BG_HOME/trixie/root/usr/sbin
  mkdir -p "$W/dockerd"
  # a network namespace of its own: a dockerd with --bridge=none in the host's deletes the shared
  # daemon's docker0 at start (every later `docker run` then fails); the socket is a file, reachable
  PATH="$bin/../bin:$PATH" unshare --net -- "$bin/dockerd" --data-root "$W/dockerd/data" --exec-root "$W/dockerd/exec" \
    -H "unix://$DOCKERD_SOCK" --pidfile "$W/dockerd/docker.pid" --bridge=none --iptables=false \
    --ip-masq=false --ip6tables=false >>"$W/dockerd/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 120); do DOCKER_HOST=unix://$DOCKERD_SOCK docker info >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}
stop_dockerd() {
  [ -n "${DOCKERD_PID:-}" ] || return 0
  kill "$DOCKERD_PID" 2>/dev/null
  for _ in $(seq 1 80); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$DOCKERD_PID" 2>/dev/null; wait "$DOCKERD_PID" 2>/dev/null; DOCKERD_PID=
  mountpoint -q "$W/dockerd/data/overlay2" 2>/dev/null && umount "$W/dockerd/data/overlay2"
  return 0
}

start=$(date +%s)
log "fault injection in $W (plugins $VERSION)"
if [[ $CASES == *kill* ]]; then
  for sig in TERM KILL; do
    kill_case quality "$sig" quality.started "" dev.buildgate:quality-maven-plugin:$VERSION:check
    # --no-cache: a hanging RUN that once finished (a slow machine, the daemon case) is cached
    kill_case docker "$sig" fault-hang-2 "-Dfault.hang=1 -Dbuildgate.docker.noCache=true" dev.buildgate:docker-maven-plugin:$VERSION:build
    kill_case integration "$sig" integration.started "" \
      dev.buildgate:integration-maven-plugin:$VERSION:up dev.buildgate:integration-maven-plugin:$VERSION:test \
      dev.buildgate:integration-maven-plugin:$VERSION:down
    kill_case docs "$sig" docs.started "" dev.buildgate:docs-maven-plugin:$VERSION:build
  done
  # the next build after the four SIGKILLs: passes, removes what they left, the summary is true
  mvn_fg "$W/after-kill.log" verify
  rc=$?
  left=$(leftovers "$MVN_PID" all)
  if [ $rc -eq 0 ] && [ -z "$left" ] && ! grep -qiE 'failed|skipped' "$P/target/buildgate/summary.md"; then
    ok "the next build after the SIGKILLs passes, cleans up, summary true"
  else
    ko "the next build after the SIGKILLs" "exit $rc, left:$left $(grep -m2 '^\[ERROR\]' "$W/after-kill.log" | tr '\n' ' ')"
  fi
  rm -rf "${W:?}"/tmp/*
fi
if [[ $CASES == *push* ]]; then
  # a registry of our own (docker-registry on 127.0.0.1:$REG_PORT, no auth) stopped during docker:push
  if command -v docker-registry >/dev/null && start_registry; then
    kill -STOP "$REG_PID"            # the push connects and hangs mid-request
    ONLINE=1 mvn_bg "$W/push-stop.log" package dev.buildgate:docker-maven-plugin:$VERSION:push \
      -Dbuildgate.quality.skip -Dbuildgate.integration.skip -Dbuildgate.docs.skip -Dbuildgate.docker.push.attempts=1
    for _ in $(seq 1 120); do grep -q 'docker:push' "$W/push-stop.log" 2>/dev/null && break; sleep 0.25; done
    sleep 2
    kill -KILL "$REG_PID"; wait "$REG_PID" 2>/dev/null; REG_PID=
    wait "$MVN_PID"; rc=$?
    summary=$P/target/buildgate/summary.md
    if [ $rc -ne 0 ] && grep -q 'push' "$W/push-stop.log" && ! grep -qiE 'Result: *.{0,3} *passed' "$W/push-stop.log" \
        && grep -qiE 'push.*fail|fail.*push' "$summary" 2>/dev/null; then
      ok "registry killed during docker:push: the build fails and the summary says the push failed"
    else
      ko "registry killed during docker:push" "exit $rc; $(grep -m2 -iE 'push|Result' "$W/push-stop.log" | tr '\n' ' ') summary: $(grep -i push "$summary" | head -2 | tr '\n' ' ')"
    fi
    start_registry
    ONLINE=1 mvn_fg "$W/push-again.log" package dev.buildgate:docker-maven-plugin:$VERSION:push \
      -Dbuildgate.quality.skip -Dbuildgate.integration.skip -Dbuildgate.docs.skip
    if [ $? -eq 0 ] && curl -sf "http://127.0.0.1:$REG_PORT/v2/fault/fault-project/app/tags/list" | grep -q main; then
      ok "the next docker:push, registry back, recovers"
    else
      ko "push after the registry came back" "$(grep -m3 ERROR "$W/push-again.log" | tr '\n' ' ')"
    fi
    kill "$REG_PID" 2>/dev/null; wait "$REG_PID" 2>/dev/null; REG_PID=
    docker image ls --format '{{.Repository}}:{{.Tag}}' | grep "^127.0.0.1:$REG_PORT/" | xargs -r docker image rm -f >/dev/null 2>&1
  else
    ko "registry during push" "docker-registry could not be started on 127.0.0.1:$REG_PORT"
  fi
fi
if [[ $CASES == *disk* ]]; then
  # a full disk under target/: a 256 KiB tmpfs, and a quality report bigger than that
  rm -rf "$P/target" && mkdir -p "$P/target"
  if mount -t tmpfs -o size=256k tmpfs "$P/target" 2>/dev/null; then
    mvn_fg "$W/disk.log" dev.buildgate:quality-maven-plugin:$VERSION:check -Dfault.findings=2000
    rc=$?
    left=$(find "$P/target" -name '*.tmp*' | head -3)
    err=$(grep -m1 'Failed to execute goal' "$W/disk.log")
    sarif_ok=yes
    for f in $(find "$P/target" -name '*.sarif' -o -name '*.json'); do
      python3 -m json.tool "$f" >/dev/null 2>&1 || sarif_ok="no (${f#"$P/"})"
    done
    if [ $rc -ne 0 ] && [[ $err == *"No space left"* ]] && [[ $err != *"Execution "*" failed"* && $err != *java.* ]] \
        && [ -z "$left" ] && [ $sarif_ok = yes ] && ! grep -qiE 'Result: *.{0,3} *passed' "$W/disk.log"; then
      ok "full disk under target/: the gate fails with one line, no partial files"
    else
      ko "full disk under target/" "exit $rc, partial: [$left], reports valid JSON: $sarif_ok, $(echo "$err" | cut -c1-300)"
    fi
    umount "$P/target"
    mvn_fg "$W/disk-after.log" dev.buildgate:quality-maven-plugin:$VERSION:check -Dfault.findings=2000
    if [ $? -eq 0 ]; then ok "the next build with space again recovers"
    else ko "recovery after the full disk" "$(grep -m3 ERROR "$W/disk-after.log" | tr '\n' ' ')"; fi
  else
    ko "full disk" "cannot mount a tmpfs (needs root)"
  fi
fi

if [[ $CASES == *daemon* ]]; then
  # the docker daemon restarted while docker:build runs (a private daemon, see start_dockerd)
  rm -rf "$P/target"
  if start_dockerd && docker save buildgate/busybox:local | DOCKER_HOST=unix://$DOCKERD_SOCK docker load >/dev/null; then
    export DOCKER_HOST=unix://$DOCKERD_SOCK
    touch "$W/hang"
    mvn_bg "$W/daemon.log" dev.buildgate:docker-maven-plugin:$VERSION:build -Dfault.hang=1
    for _ in $(seq 1 240); do grep -qs fault-hang-2 "$P/target/buildgate/docker/app.log" "$W/daemon.log" && break; kill -0 "$MVN_PID" 2>/dev/null || break; sleep 0.25; done
    rm -f "$W/hang"
    stop_dockerd && start_dockerd
    timeout 120 tail --pid="$MVN_PID" -f /dev/null; wait "$MVN_PID"; rc=$?
    err=$(grep -m1 'Failed to execute goal' "$W/daemon.log")
    left=$(leftovers "$MVN_PID" all)
    if [ $rc -ne 0 ] && [ -n "$err" ] && [[ $err != *"Execution "*" failed"* && $err != *java.* ]] && [ -z "$left" ] \
        && ! grep -qiE 'Result: *.{0,3} *passed' "$W/daemon.log"; then
      ok "docker daemon restarted during docker:build: the build fails with one line, nothing left"
    else
      ko "docker daemon restarted during docker:build" "exit $rc, left:$left, $(echo "$err" | cut -c1-300)"
    fi
    mvn_fg "$W/daemon-after.log" dev.buildgate:docker-maven-plugin:$VERSION:build
    if [ $? -eq 0 ]; then ok "the next docker:build, daemon back, recovers"
    else ko "docker:build after the daemon restart" "$(grep -m2 '^\[ERROR\]' "$W/daemon-after.log" | tr '\n' ' ')"; fi
    unset DOCKER_HOST
  else
    ko "daemon restart" "a private dockerd could not be started ($(tail -2 "$W/dockerd/dockerd.log" | tr '\n' ' '))"
  fi
  stop_dockerd
fi

log "fault injection done in $(( $(date +%s) - start ))s"
for f in "${failures[@]}"; do echo "fault-injection failure: $f"; done
for k in "${known[@]}"; do echo "fault-injection known leak: $k"; done
echo "fault-injection: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
