#!/usr/bin/env bash
# Removes every image the docker plugin's tests, ITs and benchmark create, also after a run that
# died before its own cleanup (each test removes its images in finally/verify.groovy; this is the
# safety net). Images are recognised by the repository prefixes only the docker plugin's tests use,
# and untagged leftovers by the dev.buildgate.it label of the docker ITs; the integration ITs' compose-built
# images (stable names, reused across their runs) and the quality image-runner IT's image too. Idempotent.
source "$(dirname "$0")/lib.sh"
refs=$(docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null \
  | grep -E '^((127\.0\.0\.1:5000/)?buildgate-it/(dag-buildx|dag-engine|failing-base|error-[a-z-]+|docker-push|docker-push-settings|docker-push-wrong-password)/|buildgate-test/(core-engine|push-|cache-)|buildgate-bench/docker-build/|buildgate-it/(https-web|ruff-runner):|dev-buildgate-it-integration-)' || true)
if [ -n "$refs" ]; then
  log "removing $(echo "$refs" | wc -l) leftover test image ref(s)"
  echo "$refs" | xargs -r docker image rm -f >/dev/null 2>&1 || true
fi
for it in docker-dag-buildx docker-dag-engine docker-failing-base docker-push docker-push-settings docker-push-wrong-password; do
  docker image prune -f --filter "label=dev.buildgate.it=$it" >/dev/null 2>&1 || true
done
# Images that lost their tags to a newer build of the same name (each build's OCI `created` label makes
# a new image ID) are left dangling: remove those of Buildgate's builds (they carry the OCI labels).
docker image prune -f --filter label=org.opencontainers.image.created >/dev/null 2>&1 || true
# The earlier stages of engine (classic builder) multi-stage builds: labelled by the engine builder.
docker image prune -f --filter label=dev.buildgate.stage >/dev/null 2>&1 || true
docker image prune -f --filter label=com.docker.compose.project >/dev/null 2>&1 || true
