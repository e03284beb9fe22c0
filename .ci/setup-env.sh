#!/usr/bin/env bash
# Everything the pipeline and the tests need on a Debian 12 machine, idempotent (skips what is there):
# Docker Engine + buildx + compose v2, local base images, the pinned tools (linked into /usr/local/bin),
# the local registry, the Trivy test database and the other prepare steps. Run as root.
source "$(dirname "$0")/lib.sh"
apt_install git ca-certificates curl
bash "$CI_DIR/install-docker.sh"
bash "$CI_DIR/make-base-images.sh"
TOOLS_BIN=$(bash "$CI_DIR/install-tools.sh")
# The tools go on every shell's PATH so `mvn` started anywhere finds them.
for t in uv uvx ruff mypy bandit pytest mkdocs trivy; do
  [ -e "$TOOLS_BIN/$t" ] && ln -sf "$TOOLS_BIN/$t" "/usr/local/bin/$t"
done
for s in start-registry.sh start-buildkitd.sh build-kube.sh make-trivy-db.sh prepare-quality.sh prepare-example.sh; do
  if [ -f "$CI_DIR/$s" ]; then bash "$CI_DIR/$s"; fi
done
bash "$CI_DIR/install-maven4.sh"
