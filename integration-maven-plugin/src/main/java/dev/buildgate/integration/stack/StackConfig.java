package dev.buildgate.integration.stack;

import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.integration.compose.ComposeConfig;
import dev.buildgate.integration.compose.ServiceOverride;
import dev.buildgate.integration.wait.WaitSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the stack goals need, immutable. Built by the mojos from the plugin configuration.
 *
 * @param outputDir {@code target/buildgate/integration}
 * @param composeFiles the original compose files (absolute)
 * @param projectDirectory where relative paths of the compose files resolve (default: the first
 *     file's folder)
 * @param overrides the edits that make the CI variant
 * @param projectName the compose project name, or null for a name unique to this build
 * @param projectKey identifies the Maven project across builds (groupId:artifactId); stacks of
 *     earlier crashed builds carry the same key
 * @param runId the CI run id (or null: a random id is made)
 * @param build {@code up --build}
 * @param pull {@code up --pull <policy>} or null
 * @param upTimeout limit of {@code docker compose up}
 * @param waits readiness waits
 * @param readinessTimeout the one deadline for all waits
 * @param pollInterval first poll interval of every wait
 * @param stopTimeout how long containers get to stop on down (null: compose default)
 * @param downTimeout limit of {@code docker compose down}
 * @param logTailLines lines of each service's log printed when not ready
 * @param keep leave the stack running (no teardown by down or the shutdown hook)
 * @param removeStale remove stacks of earlier crashed builds of this project
 * @param docker the docker executable
 * @param composeEnv extra environment for compose (variables the files interpolate)
 * @param portHost where published ports are reached: the daemon's host ({@code
 *     DockerHost.portHost()}) or the {@code buildgate.integration.host} override; default {@code
 *     127.0.0.1}
 * @param remoteDaemon the daemon runs on another host (or network namespace): ports the compose
 *     files publish on loopback are published on all the daemon's interfaces in the CI file, since
 *     the daemon's loopback is not reachable from this build
 */
public record StackConfig(
    Path outputDir,
    List<Path> composeFiles,
    Path projectDirectory,
    List<ServiceOverride> overrides,
    String projectName,
    String projectKey,
    String runId,
    boolean build,
    String pull,
    Duration upTimeout,
    List<WaitSpec> waits,
    Duration readinessTimeout,
    Duration pollInterval,
    Duration stopTimeout,
    Duration downTimeout,
    int logTailLines,
    boolean keep,
    boolean removeStale,
    String docker,
    Map<String, String> composeEnv,
    String portHost,
    boolean remoteDaemon) {

  /** A stack on a local daemon (published ports on 127.0.0.1). */
  public StackConfig(
      Path outputDir,
      List<Path> composeFiles,
      Path projectDirectory,
      List<ServiceOverride> overrides,
      String projectName,
      String projectKey,
      String runId,
      boolean build,
      String pull,
      Duration upTimeout,
      List<WaitSpec> waits,
      Duration readinessTimeout,
      Duration pollInterval,
      Duration stopTimeout,
      Duration downTimeout,
      int logTailLines,
      boolean keep,
      boolean removeStale,
      String docker,
      Map<String, String> composeEnv) {
    this(
        outputDir,
        composeFiles,
        projectDirectory,
        overrides,
        projectName,
        projectKey,
        runId,
        build,
        pull,
        upTimeout,
        waits,
        readinessTimeout,
        pollInterval,
        stopTimeout,
        downTimeout,
        logTailLines,
        keep,
        removeStale,
        docker,
        composeEnv,
        null,
        false);
  }

  public StackConfig {
    if (portHost == null || portHost.isBlank()) {
      portHost = DockerHost.LOOPBACK;
    }
    Objects.requireNonNull(outputDir, "outputDir");
    composeFiles = List.copyOf(composeFiles);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    waits = waits == null ? List.of() : List.copyOf(waits);
    composeEnv = composeEnv == null ? Map.of() : Map.copyOf(composeEnv);
    if (projectDirectory == null && !composeFiles.isEmpty()) {
      projectDirectory = composeFiles.get(0).toAbsolutePath().getParent();
    }
    Objects.requireNonNull(projectKey, "projectKey");
    if (docker == null || docker.isBlank()) {
      docker = "docker";
    }
    if (upTimeout == null) {
      upTimeout = Duration.ofMinutes(10);
    }
    if (readinessTimeout == null) {
      readinessTimeout = Duration.ofMinutes(5);
    }
    if (pollInterval == null) {
      pollInterval = Duration.ofMillis(100);
    }
    if (downTimeout == null) {
      downTimeout = Duration.ofMinutes(5);
    }
  }

  /** What rendering the CI compose file reads of this configuration. */
  public ComposeConfig compose() {
    return new ComposeConfig(outputDir, composeFiles, overrides, projectKey, remoteDaemon);
  }

  public Path renderedFile() {
    return outputDir.resolve("docker-compose.ci.yaml");
  }

  public Path runFile() {
    return outputDir.resolve("docker-compose.run.yaml");
  }

  public Path stateFile() {
    return outputDir.resolve("stack.json");
  }

  public Path logsDir() {
    return outputDir.resolve("logs");
  }

  public Path resultFile() {
    return outputDir.resolve("result.json");
  }

  /**
   * The {@code up --pull} policy: {@code never} offline (Maven's {@code -o}: no image is pulled,
   * whatever is configured), else the configured one.
   *
   * @param configured {@code always}, {@code missing}, {@code never}, or blank for compose's
   *     default
   * @param offline Maven runs offline
   * @return the policy, or null for compose's default
   */
  public static String pullPolicy(String configured, boolean offline) {
    if (offline) {
      return "never";
    }
    return configured == null || configured.isBlank() ? null : configured.trim();
  }
}
