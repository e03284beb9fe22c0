package dev.buildgate.integration.compose;

import dev.buildgate.core.docker.ComposeCommand;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Makes the {@link ComposeCommand}s of one stack configuration: the docker CLI, the engine's client
 * environment, the variables the compose files interpolate, the overrides' environment values (the
 * rendered file refers to them as {@code ${BUILDGATE_ENV_<n>_<KEY>}}) and every known secret masked
 * in compose's output.
 */
public final class ComposeCommands {
  private final String docker;
  private final Map<String, String> engineEnv;
  private final Map<String, String> composeEnv;
  private final List<ServiceOverride> overrides;
  private final Collection<String> secrets;

  /**
   * Creates the factory.
   *
   * @param docker the docker CLI
   * @param engineEnv the variables that point the CLI at the engine's daemon
   * @param composeEnv variables for compose itself
   * @param overrides the overrides (their environment values go to compose's environment)
   * @param secrets values masked in compose's output
   */
  public ComposeCommands(
      String docker,
      Map<String, String> engineEnv,
      Map<String, String> composeEnv,
      List<ServiceOverride> overrides,
      Collection<String> secrets) {
    this.docker = docker;
    this.engineEnv = engineEnv;
    this.composeEnv = composeEnv;
    this.overrides = overrides;
    this.secrets = secrets;
  }

  /**
   * Compose of a project with its files.
   *
   * @param project the compose project name
   * @param projectDirectory where relative paths resolve (ignored without files)
   * @param files the files passed with {@code -f}; empty: none (a stack found by its label)
   * @return the command
   */
  public ComposeCommand of(String project, Path projectDirectory, List<Path> files) {
    ComposeCommand.Builder b = ComposeCommand.builder(project).docker(docker);
    if (!files.isEmpty()) {
      b.projectDirectory(projectDirectory);
      files.forEach(b::file);
    }
    engineEnv.forEach(b::env); // compose talks to the engine client's daemon
    composeEnv.forEach(b::env);
    ComposeRenderer.environment(overrides).forEach(b::env);
    secrets.forEach(b::secret);
    return b.build();
  }

  /** Compose of a project without files (found by its label: down and logs still work). */
  public ComposeCommand byLabel(String project) {
    return of(project, null, List.of());
  }
}
