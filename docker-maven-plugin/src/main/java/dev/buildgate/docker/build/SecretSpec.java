package dev.buildgate.docker.build;

/**
 * A build secret: its value comes from an environment variable or a file, never from the POM.
 *
 * @param id the id used in {@code RUN --mount=type=secret,id=...}
 * @param env the environment variable holding the value, or {@code null}
 * @param file the file holding the value, or {@code null}
 */
public record SecretSpec(String id, String env, String file) {}
