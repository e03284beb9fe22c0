#!/usr/bin/env bash
# The release, checked on every CI run (two builds side by side, about 2 minutes on 2 cores):
#  1. two copies of the sources, each with the version set to a release (0.1.0-SNAPSHOT -> 0.1.0), each
#     built with the release profile (sources + javadoc jars, signed, deployed to its target/staging) with a
#     throwaway GPG key made here;
#  2. copy A's staging meets Maven Central's rules (check-staging.py: POM fields, jars, checksums, signatures),
#     and the checker fails on a staging directory that is broken on purpose (so it can fail);
#  3. reproducible build: every staged jar and POM of A is byte-identical to B's.
# Nothing is installed into ~/.m2 (-Dmaven.install.skip) and the temp directory is removed on exit.
source "$(dirname "$0")/lib.sh"
apt_install gnupg
WORK=$(mktemp -d /tmp/buildgate-release.XXXXXX)
export GNUPGHOME=$WORK/gnupg
cleanup() { gpgconf --kill gpg-agent >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Buildgate CI throwaway key <ci@buildgate.invalid>' ed25519 sign 1d 2>/dev/null
KEY=$(gpg --batch --list-keys --with-colons 2>/dev/null | awk -F: '/^fpr/ {print $10; exit}')

SNAPSHOT=$(sed -n 's:^  <version>\(.*-SNAPSHOT\)</version>:\1:p' "$ROOT/pom.xml" | head -1)
RELEASE=${SNAPSHOT%-SNAPSHOT}
[ -n "$SNAPSHOT" ] || { log "release-check: no -SNAPSHOT version in pom.xml"; exit 1; }

build() { # $1 = copy name
  local dir=$WORK/$1
  mkdir -p "$dir"
  tar -C "$ROOT" --exclude=./.git --exclude='./*/target' --exclude=./target --exclude='./bench/*/target' -cf - . | tar -C "$dir" -xf -
  find "$dir" -name pom.xml -not -path '*/src/it/*' -exec sed -i "s/$SNAPSHOT/$RELEASE/g" {} +
  (cd "$dir" && ./mvnw -B -q deploy -Dbuildgate.release -Dgpg.keyname="$KEY" -Dmaven.install.skip=true \
      -DskipTests -Dinvoker.skip -Dspotless.check.skip=true -Denforcer.skip=true) >"$LOG_DIR/release-$1.log" 2>&1 \
    || { tail -40 "$LOG_DIR/release-$1.log"; log "release-check: the release build of copy $1 failed"; return 1; }
}
t0=$(date +%s)
build a & a=$!   # side by side: each build is mostly single-threaded
build b & b=$!
wait $a; wait $b
log "release-check: two release builds of $RELEASE in $(( $(date +%s) - t0 ))s"

STAGING=$WORK/a/target/staging
python3 "$CI_DIR/check-staging.py" "$STAGING" --signed

# The checker must fail on a broken staging directory: a missing javadoc jar, a tampered jar, a POM without licences.
BROKEN=$WORK/broken
cp -r "$STAGING" "$BROKEN"
rm "$(find "$BROKEN" -name '*-javadoc.jar' | head -1)"
jar=$(find "$BROKEN" -name "docker-maven-plugin-$RELEASE.jar")
printf 'x' >>"$jar"
sed -i '/<licenses>/,/<\/licenses>/d' "$(find "$BROKEN" -name "buildgate-parent-$RELEASE.pom")"
out=$(python3 "$CI_DIR/check-staging.py" "$BROKEN" --signed) && { echo "$out"; log "release-check: the checker passed a broken staging directory"; exit 1; }
for expect in 'javadoc.jar is missing' 'jar.md5 does not match' 'jar.asc does not verify' 'no <licenses/license/name>'; do
  grep -qF "$expect" <<<"$out" || { echo "$out"; log "release-check: the checker did not report '$expect'"; exit 1; }
done

# Reproducible builds: the same sources give the same bytes (signatures and checksum files aside).
differ=0; compared=0
while IFS= read -r f; do
  compared=$((compared + 1))
  cmp -s "$STAGING/$f" "$WORK/b/target/staging/$f" || { log "release-check: NOT reproducible: $f differs between two builds"; differ=1; }
done < <(cd "$STAGING" && find . -type f \( -name '*.jar' -o -name '*.pom' \) | sort)
[ "$compared" -gt 0 ] && [ "$differ" -eq 0 ] || exit 1
log "release-check: staging meets Central's rules; $compared jars and POMs byte-identical across two builds"
