package dev.buildgate.docker.scan;

/** How Trivy is run. */
public enum TrivyRunner {
  /** The {@code trivy} binary: the configured path, else from {@code PATH}. */
  BINARY,
  /**
   * The Trivy container image (default {@code aquasec/trivy:<version>}) through the Docker daemon,
   * with the daemon socket, the cache dir and the report dir mounted.
   */
  IMAGE
}
