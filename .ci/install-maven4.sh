#!/usr/bin/env bash
# Maven 4 for the invoker ITs that also run on Maven 4 (buildgate-it, profile maven4): the release
# candidate's binary distribution from Maven Central (as the wrapper downloads 3.9), checked against a
# pinned SHA-512, unpacked under $BG_HOME/maven4. Idempotent.
source "$(dirname "$0")/lib.sh"
VERSION=4.0.0-rc-5
SHA512=942c19fb75ab7a5d2a11001e3d6c8c6214c81d2736ebc613243d22f7b4ab0404092d47511317d767e8f22a1c634a3762cc7e6b4b6693580ac86e73c0bed1bee2
HOME4=$BG_HOME/maven4/apache-maven-$VERSION
[ -x "$HOME4/bin/mvn" ] && exit 0
URL=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$VERSION/apache-maven-$VERSION-bin.tar.gz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log "downloading Maven $VERSION"
curl -fsSL --retry 3 -o "$tmp/maven.tar.gz" "$URL"
echo "$SHA512  $tmp/maven.tar.gz" | sha512sum -c --quiet -
mkdir -p "$BG_HOME/maven4"
tar xzf "$tmp/maven.tar.gz" -C "$tmp"
mv "$tmp/apache-maven-$VERSION" "$HOME4"
log "Maven $VERSION in $HOME4"
