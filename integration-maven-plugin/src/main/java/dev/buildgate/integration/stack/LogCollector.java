package dev.buildgate.integration.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackView;
import dev.buildgate.integration.wait.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * What is kept of a stack: its log, per-service logs, {@code docker inspect} (redacted), events and
 * ps in the logs directory; through the engine's socket ({@link StackLogs}) when there is one, else
 * through the docker CLI. Also prints the log tails of services that were not ready.
 */
final class LogCollector {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final StackContext ctx;

  LogCollector(StackContext ctx) {
    this.ctx = ctx;
  }

  /** Stack log, per-service logs, docker inspect, events and ps into the logs directory. */
  void collect(ComposeCommand compose, String project, long startedAt, Path dir) {
    if (ShutdownGuard.jvmShuttingDown()) {
      ctx.log().warn("the JVM is shutting down: the shutdown hook saves the log of " + project);
      return;
    }
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dir.resolve("inspect"));
    } catch (IOException e) {
      ctx.log().warn("cannot create " + dir + ": " + e.getMessage());
      return;
    }
    if (ctx.api() != null) {
      collectThroughSocket(project, startedAt, dir, t0);
    } else {
      collectThroughCli(compose, project, startedAt, dir, t0);
    }
  }

  /** In-process through the engine's socket: no docker / docker compose processes. */
  private void collectThroughSocket(String project, long startedAt, Path dir, long t0) {
    try {
      int n = new StackLogs(ctx.api(), ctx.log(), ctx.secrets()).collect(project, startedAt, dir);
      if (n == 0) {
        ctx.log().info("stack " + project + " has no containers: nothing to collect");
      } else {
        logCollected(n, dir, t0);
      }
    } catch (StackException e) {
      ctx.log().warn("cannot list containers of " + project + ": " + e.getMessage());
    }
  }

  private void collectThroughCli(
      ComposeCommand compose, String project, long startedAt, Path dir, long t0) {
    DockerStackView view = new DockerStackView(ctx.engine(), project);
    List<ServiceContainer> containers;
    try {
      containers = view.containers();
    } catch (StackException e) {
      ctx.log().warn("cannot list containers of " + project + ": " + e.getMessage());
      containers = List.of();
    }
    if (containers.isEmpty()) {
      ctx.log().info("stack " + project + " has no containers: nothing to collect");
      return;
    }
    Set<String> services = new LinkedHashSet<>();
    containers.forEach(c -> services.add(c.service()));
    List<ServiceContainer> cs = containers;
    List<Runnable> jobs = new ArrayList<>();
    if (compose.base().contains("-f")) {
      // compose's own interleaved view; needs the files (found-by-label stacks get per-service
      // logs)
      jobs.add(() -> capture(compose, compose.logsArgv(null), dir.resolve("stack.log")));
    }
    List<String> inspectArgv = new ArrayList<>(List.of(ctx.cfg().docker(), "inspect"));
    cs.forEach(c -> inspectArgv.add(c.id()));
    jobs.add(() -> inspect(inspectArgv, cs, dir));
    jobs.add(() -> serviceLogsAndPs(view, cs, dir));
    List<String> events = eventsArgv(project, startedAt);
    jobs.add(() -> capture(compose, events, dir.resolve("events.jsonl")));
    StackLogs.runAll(jobs.stream().map(Executors::callable).toList(), ctx.log());
    logCollected(services.size(), dir, t0);
  }

  private void logCollected(int services, Path dir, long t0) {
    ctx.log()
        .info(
            "logs of "
                + services
                + " service(s) collected in "
                + dir
                + " ("
                + Readiness.millis(System.nanoTime() - t0)
                + ")");
  }

  /** {@code <service>.log} of each service (replicas appended) and {@code ps.json}. */
  private void serviceLogsAndPs(DockerStackView view, List<ServiceContainer> cs, Path dir) {
    Set<String> started = new LinkedHashSet<>();
    for (ServiceContainer c : cs) {
      Path f = dir.resolve(StackLogs.safe(c.service()) + ".log");
      try {
        view.writeLogs(c.id(), f, !started.add(c.service()), TIMEOUT);
      } catch (StackException e) {
        ctx.log().warn("log of " + c.name() + ": " + e.getMessage());
      }
    }
    try {
      ObjectMapper m = new ObjectMapper();
      m.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("ps.json").toFile(), cs);
    } catch (IOException e) {
      ctx.log().warn("cannot write ps.json: " + e.getMessage());
    }
  }

  private List<String> eventsArgv(String project, long startedAt) {
    long since = startedAt / 1000 - 1;
    long until = System.currentTimeMillis() / 1000 + 1;
    return List.of(
        ctx.cfg().docker(),
        "events",
        "--since",
        Long.toString(since),
        "--until",
        Long.toString(until),
        "--filter",
        "label=" + ComposeCommand.PROJECT_LABEL + "=" + project,
        "--format",
        "{{json .}}");
  }

  private void capture(ComposeCommand compose, List<String> argv, Path out) {
    try {
      ProcessResult r = compose.run(ctx.runner(), argv, LineSink.NONE, TIMEOUT, out);
      if (r.exitCode() != 0) {
        ctx.log()
            .warn(
                String.join(" ", argv.subList(0, Math.min(argv.size(), 6)))
                    + "... exited "
                    + r.exitCode()
                    + ": "
                    + r.stderrTail(2));
      }
    } catch (ExecException e) {
      ctx.log().warn("could not write " + out + ": " + e.getMessage());
    }
  }

  /**
   * {@code docker inspect} of the containers into {@code inspect.json} and {@code inspect/*.json},
   * redacted by {@link StackSecrets#redact} first: the answer is captured in memory (masked by the
   * runner too), never written as it came.
   */
  private void inspect(List<String> argv, List<ServiceContainer> cs, Path dir) {
    Path all = dir.resolve("inspect.json");
    try {
      ProcessResult r =
          ctx.runner()
              .run(
                  ProcessSpec.builder(argv)
                      .timeout(TIMEOUT)
                      .quietStdout(true)
                      .maxCaptureBytes(64L * 1024 * 1024)
                      .secrets(ctx.secrets().maskable())
                      .build(),
                  LineSink.NONE);
      if (r.exitCode() != 0 && r.stdout().isBlank()) {
        ctx.log().warn("docker inspect exited " + r.exitCode() + ": " + r.stderrTail(2));
        return;
      }
      if (r.truncated()) {
        ctx.log()
            .warn("docker inspect of " + cs.size() + " container(s): answer too large, not kept");
        return;
      }
      JsonNode arr = InputLimits.jsonMapper().readTree(r.stdout());
      ObjectMapper pretty = new ObjectMapper();
      List<JsonNode> redacted = new ArrayList<>();
      for (JsonNode n : arr) {
        JsonNode red = ctx.secrets().redact(n);
        redacted.add(red);
        String name = n.path("Name").asText("").replaceFirst("^/", "");
        if (name.isEmpty()) {
          name = n.path("Id").asText("unknown");
        }
        pretty
            .writerWithDefaultPrettyPrinter()
            .writeValue(
                dir.resolve("inspect").resolve(StackLogs.safe(name) + ".json").toFile(), red);
      }
      pretty.writerWithDefaultPrettyPrinter().writeValue(all.toFile(), redacted);
    } catch (ExecException | IOException e) {
      ctx.log().warn("docker inspect of " + cs.size() + " container(s) failed: " + e.getMessage());
    }
  }

  /** The last log lines of the services a failed wait is about (of every service if unclear). */
  void printTails(StackView view, List<String> notReady) {
    try {
      List<ServiceContainer> cs = view.containers();
      Set<String> services = Readiness.servicesOf(notReady, cs);
      if (services.isEmpty()) {
        cs.forEach(c -> services.add(c.service()));
      }
      for (ServiceContainer c : cs) {
        if (services.contains(c.service())) {
          printTail(view, c);
        }
      }
    } catch (StackException e) {
      ctx.log().warn("could not read logs: " + e.getMessage());
    }
  }

  private void printTail(StackView view, ServiceContainer c) throws StackException {
    int lines = ctx.cfg().logTailLines();
    ctx.log()
        .warn(
            "last "
                + lines
                + " log lines of "
                + c.name()
                + " ("
                + c.state()
                + (c.health() == null ? "" : ", " + c.health())
                + "):");
    for (String line : view.logs(c.id(), lines).split("\n")) {
      if (!line.isBlank()) {
        ctx.log().warn("  " + c.service() + " | " + line);
      }
    }
  }
}
