package dev.buildgate.integration.test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The integration test command.
 *
 * @param command argv (never a shell string); {@code ${integration.*}} placeholders allowed
 * @param workingDir where it runs
 * @param env variables added to the inherited environment (placeholders and {@code {runId}}, {@code
 *     {project}} tokens allowed)
 * @param secrets values masked in everything logged (credentials from settings.xml)
 * @param timeout the process tree is killed after it
 * @param reports report files to record, relative to {@code baseDir}; simple globs ({@code *},
 *     {@code **}) allowed
 * @param baseDir the Maven project directory
 * @param workers the number of parallel workers the command starts (0: not set)
 * @param workerEnv per-worker variables: {@code NAME} with a template containing {@code {worker}}
 *     becomes {@code NAME_0 .. NAME_<workers-1>}
 */
public record TestSpec(
    List<String> command,
    Path workingDir,
    Map<String, String> env,
    List<String> secrets,
    Duration timeout,
    List<String> reports,
    Path baseDir,
    int workers,
    Map<String, String> workerEnv) {

  public TestSpec {
    command = List.copyOf(command);
    env =
        env == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    reports = reports == null ? List.of() : List.copyOf(reports);
    workerEnv =
        workerEnv == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(workerEnv));
    if (timeout == null) {
      timeout = Duration.ofMinutes(30);
    }
  }
}
