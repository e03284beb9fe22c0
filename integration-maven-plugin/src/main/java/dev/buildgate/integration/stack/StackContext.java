package dev.buildgate.integration.stack;

import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.integration.compose.ComposeCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every stage of one stack's lifecycle works with: its configuration, the engine (and its
 * local socket when there is one), the process runner, the log, the secrets to mask and the compose
 * commands.
 *
 * @param api the engine's local socket: read-only questions without starting docker-java (else
 *     null)
 */
record StackContext(
    StackConfig cfg,
    DockerEngine engine,
    EngineApi api,
    ProcessRunner runner,
    GateLog log,
    StackSecrets secrets) {

  ComposeCommands commands() {
    return new ComposeCommands(
        cfg.docker(),
        engine.host().cliEnv(),
        cfg.composeEnv(),
        cfg.overrides(),
        secrets.maskable());
  }

  /** Compose of a project: with the rendered and run files, or by label only. */
  ComposeCommand compose(String project, boolean withFiles) {
    return withFiles
        ? commands().of(project, cfg.projectDirectory(), List.of(cfg.renderedFile(), cfg.runFile()))
        : commands().byLabel(project);
  }

  /** Compose of a recorded stack: with its files while they are all still there. */
  ComposeCommand composeFor(StackState state) {
    List<Path> files = new ArrayList<>();
    boolean filesThere = !state.files().isEmpty();
    for (String f : state.files()) {
      files.add(Path.of(f));
      filesThere &= Files.isRegularFile(Path.of(f));
    }
    return filesThere
        ? commands().of(state.project(), Path.of(state.projectDirectory()), files)
        : commands().byLabel(state.project());
  }

  /** Compose's output as info lines with a prefix. */
  LineSink prefixed(String prefix) {
    return (stream, line) -> log.info(prefix + line);
  }
}
