package dev.buildgate.integration.stack;

import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.compose.ComposeRenderer;
import dev.buildgate.integration.compose.RunFile;
import dev.buildgate.integration.wait.EarlyReadiness;
import dev.buildgate.integration.wait.Readiness;
import dev.buildgate.integration.wait.ReadinessException;
import dev.buildgate.integration.wait.WaitSpec;
import dev.buildgate.integration.wait.WaitTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One {@code integration:up}: names the run, writes the run file, removes what earlier runs left,
 * runs {@code docker compose up} while the waits already probe, records the stack and waits until
 * it is ready. On failure it collects the logs and tears the stack down (unless keep).
 */
final class StackStart {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StackContext ctx;
  private final StackTeardown teardown;
  private final LogCollector logs;
  private final StaleStacks stale;
  private final ComposeRenderer.Rendered rendered;
  private final long startedAt;

  private String project;
  private String runId;
  private ComposeCommand compose;
  private DockerStackView view;
  private Readiness readiness;
  private EarlyReadiness early;

  StackStart(
      StackContext ctx,
      StackTeardown teardown,
      LogCollector logs,
      StaleStacks stale,
      ComposeRenderer.Rendered rendered,
      long startedAt) {
    this.ctx = ctx;
    this.teardown = teardown;
    this.logs = logs;
    this.stale = stale;
    this.rendered = rendered;
    this.startedAt = startedAt;
  }

  /**
   * Starts the stack and waits until it is ready.
   *
   * @param guard register the shutdown hook
   * @return the recorded stack
   */
  StackState run(boolean guard)
      throws IntegrationConfigException, StackException, InterruptedException {
    StackConfig cfg = ctx.cfg();
    for (String c : rendered.changes()) {
      ctx.log().info("override: " + c);
    }
    WaitTargets.checkServices(cfg.waits(), rendered.services());
    nameRun();
    compose = ctx.compose(project, true);
    clearEarlierRuns();
    if (!cfg.keep() && guard) {
      ShutdownGuard.register(
          project,
          compose.logsArgv(null),
          cfg.logsDir().resolve("stack.log"),
          compose.downArgv(Duration.ofSeconds(2)));
    }
    warmUp();
    view = new DockerStackView(ctx.engine(), ctx.api(), project);
    readiness = new Readiness(view, ctx.log(), cfg.pollInterval(), Duration.ofSeconds(5));
    startEarlyWaits();
    composeUp();
    Map<String, String> props = publishedProperties();
    List<WaitSpec> waits = resolveWaits(props);
    StackState state = record(props);
    awaitReady(waits);
    return state;
  }

  /** The compose project name and the run id; writes the run file. */
  private void nameRun() throws StackException {
    StackConfig cfg = ctx.cfg();
    String suffix = HexFormat.of().formatHex(RANDOM.generateSeed(4));
    project =
        cfg.projectName() != null && !cfg.projectName().isBlank()
            ? ComposeCommand.sanitizeProjectName(cfg.projectName())
            : ComposeCommand.sanitizeProjectName(
                "bg-" + artifactOf(cfg.projectKey()) + "-" + suffix);
    runId = cfg.runId() != null && !cfg.runId().isBlank() ? cfg.runId() : suffix;
    try {
      RunFile.write(rendered, cfg.projectKey(), Stack.owner(), runId, cfg.runFile());
    } catch (IOException e) {
      throw new StackException("cannot write " + cfg.runFile() + ": " + e.getMessage(), e);
    }
  }

  /** The previous stack of this project (unless keep), stale ones, the last run's logs. */
  private void clearEarlierRuns() throws StackException {
    StackConfig cfg = ctx.cfg();
    StackState previous = StackState.read(cfg.stateFile());
    if (previous != null && !cfg.keep()) {
      ctx.log()
          .info("removing the previous stack " + previous.project() + " of this project first");
      teardown.tearDown(ctx.composeFor(previous), previous.project());
    }
    if (cfg.removeStale()) {
      stale.remove(project, false);
    }
    Stack.deleteTree(cfg.logsDir());
    mkdirs(cfg.logsDir());
  }

  /**
   * Loads, in a background thread while compose starts the stack, what runs once it returns: the
   * readiness probes' HTTP/TLS classes and the JSON data binding (inspect answers, the state file).
   */
  private void warmUp() {
    Runnable probes = Readiness.warmUp(ctx.cfg().waits());
    Thread t =
        new Thread(
            () -> {
              probes.run();
              EngineApi.warmUp();
              StackState.warmUp();
            },
            "buildgate-integration-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /**
   * With the socket, probing starts while compose still starts the stack (docker-java would have to
   * start first: then the waits run after compose returned).
   */
  private void startEarlyWaits() {
    StackConfig cfg = ctx.cfg();
    if (ctx.api() == null || cfg.waits().isEmpty()) {
      return;
    }
    early =
        EarlyReadiness.start(
            view,
            cs ->
                WaitTargets.resolve(
                    cfg.waits(),
                    rendered.services(),
                    StackProperties.of(project, runId, cs, cfg.portHost())),
            readiness,
            cfg.readinessTimeout(),
            cfg.pollInterval());
  }

  private void composeUp() throws StackException, InterruptedException {
    StackConfig cfg = ctx.cfg();
    ctx.log().info("starting stack " + project + " (" + cfg.renderedFile() + ")");
    long t0 = System.nanoTime();
    ProcessResult r;
    try {
      r =
          compose.run(
              ctx.runner(),
              compose.upArgv(cfg.build(), cfg.pull()),
              ctx.prefixed("compose: "),
              cfg.upTimeout(),
              null);
    } catch (ExecException e) {
      cancelEarly();
      failAndTearDown();
      throw new StackException("docker compose up failed: " + e.getMessage(), e);
    }
    if (r.exitCode() != 0) {
      cancelEarly();
      failAndTearDown();
      throw new StackException(
          "docker compose up failed (exit "
              + r.exitCode()
              + "): "
              + r.stderrTail(5).replace('\n', ' ')
              + "; logs in "
              + cfg.logsDir());
    }
    ctx.log().info("compose up returned after " + Readiness.millis(System.nanoTime() - t0));
  }

  /** The stack's properties, its published ports logged. */
  private Map<String, String> publishedProperties() throws StackException, InterruptedException {
    List<ServiceContainer> containers;
    try {
      containers = view.containers();
    } catch (StackException e) {
      cancelEarly();
      throw e;
    }
    Map<String, String> props =
        StackProperties.of(project, runId, containers, ctx.cfg().portHost());
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (e.getKey().matches("integration\\..+\\.[0-9]+(\\.udp)?")) {
        ctx.log().info("port: " + e.getKey() + "=" + e.getValue());
      }
    }
    return props;
  }

  private List<WaitSpec> resolveWaits(Map<String, String> props)
      throws IntegrationConfigException, InterruptedException {
    try {
      return WaitTargets.resolve(ctx.cfg().waits(), rendered.services(), props);
    } catch (IntegrationConfigException e) {
      cancelEarly();
      failAndTearDown();
      throw e;
    }
  }

  /** Writes the state file test and down read. */
  private StackState record(Map<String, String> props) throws StackException, InterruptedException {
    StackConfig cfg = ctx.cfg();
    StackState state =
        new StackState(
            project,
            cfg.projectKey(),
            runId,
            cfg.projectDirectory().toString(),
            List.of(cfg.renderedFile().toString(), cfg.runFile().toString()),
            rendered.services(),
            props,
            startedAt,
            Stack.owner());
    try {
      state.write(cfg.stateFile());
    } catch (IOException e) {
      cancelEarly();
      throw new StackException("cannot write " + cfg.stateFile() + ": " + e.getMessage(), e);
    }
    return state;
  }

  private void awaitReady(List<WaitSpec> waits) throws StackException, InterruptedException {
    if (waits.isEmpty()) {
      return;
    }
    StackConfig cfg = ctx.cfg();
    try {
      if (early == null || !early.finish(waits, cfg.readinessTimeout())) {
        readiness.await(waits, cfg.readinessTimeout());
      }
    } catch (ReadinessException e) {
      logs.printTails(view, e.notReady());
      failAndTearDown();
      throw new ReadinessException(e.getMessage() + "; logs in " + cfg.logsDir(), e.notReady());
    } catch (InterruptedException e) {
      cancelEarly();
      failAndTearDown();
      throw e;
    }
  }

  private void cancelEarly() throws InterruptedException {
    if (early != null) {
      early.cancel();
    }
  }

  private void failAndTearDown() {
    StackConfig cfg = ctx.cfg();
    logs.collect(compose, project, startedAt, cfg.logsDir());
    if (cfg.keep()) {
      ctx.log().warn("keep=true: leaving stack " + project + " running");
      return;
    }
    teardown.tearDown(compose, project);
    try {
      Files.deleteIfExists(cfg.stateFile());
    } catch (IOException e) {
      ctx.log().warn("cannot delete " + cfg.stateFile() + ": " + e.getMessage());
    }
  }

  private static String artifactOf(String key) {
    int i = key.lastIndexOf(':');
    return i < 0 ? key : key.substring(i + 1);
  }

  private static void mkdirs(Path dir) throws StackException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StackException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
