package dev.buildgate.docker.maven;

import dev.buildgate.docker.build.SecretSpec;

/** A build secret: {@code <id>} plus {@code <env>} or {@code <file>}; never the value itself. */
public class Secret {
  /** Secret id ({@code RUN --mount=type=secret,id=...}). */
  String id;

  /** Environment variable holding the value. */
  String env;

  /** File holding the value, relative to the project directory. */
  String file;

  /** The domain's secret. */
  SecretSpec toSpec() {
    return new SecretSpec(id, env, file);
  }
}
