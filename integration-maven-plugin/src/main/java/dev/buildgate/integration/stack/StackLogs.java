package dev.buildgate.integration.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Collects what {@code integration:down} keeps of a stack through the engine's local socket ({@link
 * EngineApi}), in-process and in parallel, without a {@code docker}/{@code docker compose} process:
 * per-service logs ({@code <service>.log}, replicas appended), the stack's interleaved log ({@code
 * stack.log}: every line of every container ordered by its timestamp, prefixed with the container's
 * name within the project like {@code docker compose logs}), {@code inspect.json} plus one {@code
 * inspect/<container>.json} each, {@code ps.json} and the stack's engine events ({@code
 * events.jsonl}, one JSON object per line).
 */
final class StackLogs {
  private static final ObjectWriter PRETTY = new ObjectMapper().writerWithDefaultPrettyPrinter();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final EngineApi api;
  private final GateLog log;
  private final StackSecrets secrets;

  StackLogs(EngineApi api, GateLog log) {
    this(api, log, StackSecrets.NONE);
  }

  StackLogs(EngineApi api, GateLog log, StackSecrets secrets) {
    this.api = api;
    this.log = log;
    this.secrets = secrets;
  }

  /**
   * Collects everything into a directory.
   *
   * @param project the compose project
   * @param startedAt epoch millis when up started (events from then on)
   * @param dir the logs directory (exists)
   * @return the number of services collected, 0 when the stack has no containers
   * @throws StackException when the stack's containers cannot be listed
   */
  int collect(String project, long startedAt, Path dir) throws StackException {
    long untilNanos = System.currentTimeMillis() * 1_000_000L;
    Map<String, JsonNode> inspected = new DockerStackView(null, api, project).inspectAll();
    if (inspected.isEmpty()) {
      return 0;
    }
    List<ServiceContainer> cs = new ArrayList<>();
    inspected.values().forEach(n -> cs.add(DockerStackView.toContainer(n)));
    cs.sort(Comparator.comparing(ServiceContainer::service).thenComparing(ServiceContainer::name));
    Path parts;
    try {
      Files.createDirectories(dir.resolve("inspect"));
      parts = Files.createTempDirectory(dir, ".containers-");
    } catch (IOException e) {
      throw new StackException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    List<Callable<Void>> jobs = new ArrayList<>();
    jobs.add(
        () -> {
          writeInspect(inspected, cs, dir);
          return null;
        });
    jobs.add(
        () -> {
          writeEvents(project, startedAt, untilNanos, dir.resolve("events.jsonl"));
          return null;
        });
    Map<ServiceContainer, Path> logs = new LinkedHashMap<>();
    for (ServiceContainer c : cs) {
      Path part = parts.resolve(logs.size() + ".log");
      logs.put(c, part);
      jobs.add(
          () -> {
            try (OutputStream os = Files.newOutputStream(part)) {
              int status = api.logs(c.id(), 0, true, new java.io.BufferedOutputStream(os), TIMEOUT);
              if (status != 200) {
                log.warn("log of " + c.name() + ": HTTP " + status);
              }
            }
            return null;
          });
    }
    runAll(jobs, log);
    try {
      writeServiceLogs(logs, dir);
      writeStackLog(logs, project, dir.resolve("stack.log"));
    } catch (IOException e) {
      log.warn("cannot write the logs in " + dir + ": " + e.getMessage());
    } finally {
      try {
        Stack.deleteTree(parts);
      } catch (StackException e) {
        log.warn(e.getMessage());
      }
    }
    return (int) cs.stream().map(ServiceContainer::service).distinct().count();
  }

  /**
   * Runs log-collection jobs, four at a time; a failed job is a warning (the other files are still
   * written). Shared by the socket and the CLI collection in {@link Stack}.
   */
  static void runAll(List<? extends Callable<?>> jobs, GateLog log) {
    ExecutorService pool = DaemonPool.fixed(Math.min(4, jobs.size()), "buildgate-integration-logs");
    try {
      List<Future<?>> fs = new ArrayList<>();
      jobs.forEach(j -> fs.add(pool.submit(j)));
      for (Future<?> f : fs) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          log.warn("log collection: " + (c.getMessage() == null ? c.toString() : c.getMessage()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }

  /** The inspect answers, redacted by {@link StackSecrets#redact} (as the CLI path does). */
  private void writeInspect(Map<String, JsonNode> inspected, List<ServiceContainer> cs, Path dir)
      throws IOException {
    Map<String, JsonNode> redacted = new LinkedHashMap<>();
    inspected.forEach((k, v) -> redacted.put(k, secrets.redact(v)));
    PRETTY.writeValue(dir.resolve("inspect.json").toFile(), new ArrayList<>(redacted.values()));
    for (Map.Entry<String, JsonNode> e : redacted.entrySet()) {
      PRETTY.writeValue(
          dir.resolve("inspect").resolve(safe(e.getKey()) + ".json").toFile(), e.getValue());
    }
    PRETTY.writeValue(dir.resolve("ps.json").toFile(), cs);
  }

  private void writeEvents(String project, long startedAt, long untilNanos, Path out)
      throws IOException, DockerUnavailableException {
    // until = now: the daemon sends what happened so far and ends the stream at once (a time in
    // the future would keep it open until then)
    String until =
        String.format(
            Locale.ROOT, "%d.%09d", untilNanos / 1_000_000_000L, untilNanos % 1_000_000_000L);
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(out))) {
      api.events(
          Long.toString(startedAt / 1000 - 1),
          until,
          ComposeCommand.PROJECT_LABEL + "=" + project,
          os,
          TIMEOUT);
    }
  }

  /** {@code <service>.log}: each container's log, replicas of a service one after another. */
  private static void writeServiceLogs(Map<ServiceContainer, Path> logs, Path dir)
      throws IOException {
    Map<String, List<Path>> byService = new LinkedHashMap<>();
    logs.forEach((c, p) -> byService.computeIfAbsent(c.service(), s -> new ArrayList<>()).add(p));
    for (Map.Entry<String, List<Path>> e : byService.entrySet()) {
      Path target = dir.resolve(safe(e.getKey()) + ".log");
      if (e.getValue().size() == 1) {
        Files.copy(e.getValue().get(0), target, StandardCopyOption.REPLACE_EXISTING);
        continue;
      }
      try (OutputStream os = Files.newOutputStream(target)) {
        for (Path p : e.getValue()) {
          Files.copy(p, os);
        }
      }
    }
  }

  /**
   * {@code stack.log}: the lines of every container, ordered by their timestamps (the engine's
   * fixed-width RFC 3339 times order as text), each prefixed with the container's name within the
   * project, padded, and {@code " | "}.
   */
  static void writeStackLog(Map<ServiceContainer, Path> logs, String project, Path out)
      throws IOException {
    int width = 0;
    List<String> names = new ArrayList<>();
    for (ServiceContainer c : logs.keySet()) {
      String n =
          c.name().startsWith(project + "-") ? c.name().substring(project.length() + 1) : c.name();
      names.add(n);
      width = Math.max(width, n.length());
    }
    record Head(String line, int source) {}
    List<BufferedReader> readers = new ArrayList<>();
    try (BufferedWriter w =
        Files.newBufferedWriter(
            out,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      PriorityQueue<Head> heads =
          new PriorityQueue<>(
              Comparator.comparing((Head h) -> timestamp(h.line())).thenComparingInt(Head::source));
      int i = 0;
      for (Path p : logs.values()) {
        BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8);
        readers.add(r);
        String first = r.readLine();
        if (first != null) {
          heads.add(new Head(first, i));
        }
        i++;
      }
      while (!heads.isEmpty()) {
        Head h = heads.poll();
        String name = names.get(h.source());
        w.write(name);
        for (int pad = name.length(); pad < width; pad++) {
          w.write(' ');
        }
        w.write(" | ");
        w.write(h.line());
        w.write('\n');
        String next = readers.get(h.source()).readLine();
        if (next != null) {
          heads.add(new Head(next, h.source()));
        }
      }
    } finally {
      for (BufferedReader r : readers) {
        r.close();
      }
    }
  }

  /** The leading timestamp of a log line ("" when it has none: it sorts first). */
  private static String timestamp(String line) {
    int sp = line.indexOf(' ');
    return sp < 0 || line.isEmpty() || !Character.isDigit(line.charAt(0))
        ? ""
        : line.substring(0, sp);
  }

  static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
