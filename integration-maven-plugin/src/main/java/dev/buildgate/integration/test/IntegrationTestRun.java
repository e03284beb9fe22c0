package dev.buildgate.integration.test;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.exec.StreamKind;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.Glob;
import dev.buildgate.core.net.Network;
import dev.buildgate.integration.Placeholders;
import dev.buildgate.integration.stack.Stack;
import dev.buildgate.integration.stack.StackState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Runs the test command against a stack and records the result; never fails the build itself. */
public final class IntegrationTestRun {
  private final ProcessRunner runner;
  private final GateLog log;
  private final Network network;

  public IntegrationTestRun(ProcessRunner runner, GateLog log) {
    this(runner, log, Network.DIRECT);
  }

  /**
   * Creates a run whose command gets the network rules' variables ({@link Network#toolEnv()}:
   * proxies, {@code UV_OFFLINE}) under the configured environment, which wins.
   */
  public IntegrationTestRun(ProcessRunner runner, GateLog log, Network network) {
    this.runner = runner;
    this.log = log;
    this.network = network;
  }

  /** The environment the command gets on top of the inherited one. */
  public static Map<String, String> environment(TestSpec spec, StackState state) {
    Map<String, String> props = new LinkedHashMap<>();
    if (state != null) {
      props.putAll(state.properties());
    }
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("runId", props.getOrDefault("integration.runId", "local"));
    tokens.put("project", props.getOrDefault("integration.project", ""));
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : props.entrySet()) {
      env.put(e.getKey(), e.getValue());
      env.put(Stack.envName(e.getKey()), e.getValue());
    }
    if (spec.workers() > 0) {
      env.put("INTEGRATION_WORKERS", Integer.toString(spec.workers()));
      for (Map.Entry<String, String> e : spec.workerEnv().entrySet()) {
        for (int i = 0; i < spec.workers(); i++) {
          Map<String, String> t = new LinkedHashMap<>(tokens);
          t.put("worker", Integer.toString(i));
          env.put(
              e.getKey() + "_" + i,
              Placeholders.tokens(Placeholders.resolve(e.getValue(), props), t));
        }
      }
    }
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      String v = e.getValue() == null ? "" : e.getValue();
      env.put(e.getKey(), Placeholders.tokens(Placeholders.resolve(v, props), tokens));
    }
    return env;
  }

  public TestResult run(TestSpec spec, StackState state, Path logsDir) {
    Map<String, String> props = state == null ? Map.of() : state.properties();
    List<String> argv = new ArrayList<>();
    for (String a : spec.command()) {
      argv.add(Placeholders.resolve(a, props));
    }
    Map<String, String> env = environment(spec, state);
    String project = state == null ? null : state.project();
    List<String> unresolved = new ArrayList<>();
    argv.forEach(a -> unresolved.addAll(Placeholders.unresolved(a)));
    env.values().forEach(v -> unresolved.addAll(Placeholders.unresolved(v)));
    if (!unresolved.isEmpty()) {
      String why =
          "the command or its environment uses "
              + new TreeSet<>(unresolved)
              + ", which "
              + (state == null
                  ? "needs a running stack (run integration:up first)"
                  : "the stack does not publish (published: " + props.keySet() + ")");
      log.warn(why);
      return new TestResult(argv, -1, false, why, 0, List.of(), null, project, logsDir.toString());
    }
    log.info("running " + String.join(" ", argv) + " in " + spec.workingDir());
    long t0 = System.nanoTime();
    int exit;
    boolean timedOut = false;
    String error = null;
    List<String> shown = argv;
    try {
      ProcessResult r =
          runner.run(
              ProcessSpec.builder(argv)
                  .workingDir(spec.workingDir())
                  .env(network.toolEnv())
                  .env(env)
                  .secrets(spec.secrets())
                  .secrets(network.secrets())
                  .timeout(spec.timeout())
                  .maxCaptureBytes(64 * 1024)
                  .build(),
              (stream, line) -> {
                if (stream == StreamKind.STDERR) {
                  log.info("[test] " + line);
                } else {
                  log.info("[test] " + line);
                }
              });
      exit = r.exitCode();
      shown = r.argv();
    } catch (ProcessTimeoutException e) {
      exit = -1;
      timedOut = true;
      log.warn(e.getMessage());
    } catch (ExecException e) {
      exit = -1;
      error = e.getMessage();
      log.warn(e.getMessage());
    }
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    List<Path> reports = findReports(spec.baseDir(), spec.reports());
    TestResult.JUnitCounts counts = junitCounts(reports);
    List<String> reportNames = new ArrayList<>();
    reports.forEach(p -> reportNames.add(p.toString()));
    TestResult result =
        new TestResult(
            shown, exit, timedOut, error, ms, reportNames, counts, project, logsDir.toString());
    log.info("integration tests: " + result.summary());
    return result;
  }

  /** Existing files matching the patterns (relative to baseDir), sorted. */
  static List<Path> findReports(Path baseDir, List<String> patterns) {
    TreeSet<Path> out = new TreeSet<>();
    for (String pat : patterns) {
      if (!pat.contains("*") && !pat.contains("?")) {
        Path p = baseDir.resolve(pat).normalize();
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
        continue;
      }
      Glob m = new Glob(pat);
      try (var walk = Files.walk(baseDir, 12)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> m.matches(baseDir.relativize(p).toString().replace('\\', '/')))
            .forEach(out::add);
      } catch (IOException e) {
        // unreadable folder: report what was found
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * Sums testsuite counts over JUnit XML files; null when none is JUnit XML. Reads the {@code
   * <testsuite>} start tags (nested ones too) with a small scanner that skips comments, CDATA,
   * processing instructions and declarations: a DOM parser costs a fresh plugin realm tens of
   * milliseconds to start, every time the tests ran.
   */
  static TestResult.JUnitCounts junitCounts(List<Path> reports) {
    int[] sum = new int[4];
    boolean any = false;
    for (Path p : reports) {
      if (!p.getFileName().toString().endsWith(".xml")) {
        continue;
      }
      try {
        // the counts are ASCII in any ASCII-compatible encoding: Latin-1 never fails to decode
        any |= scanJUnit(Files.readString(p, StandardCharsets.ISO_8859_1), sum);
      } catch (IOException | RuntimeException e) {
        // unreadable: recorded as a path only
      }
    }
    return any ? new TestResult.JUnitCounts(sum[0], sum[1], sum[2], sum[3]) : null;
  }

  /**
   * Adds the counts of every {@code testsuite} element of one document.
   *
   * @param xml the document
   * @param sum tests, failures, errors, skipped
   * @return whether it has a testsuite element (false for e.g. coverage.xml)
   */
  static boolean scanJUnit(String xml, int[] sum) {
    boolean found = false;
    int i = 0;
    int n = xml.length();
    while ((i = xml.indexOf('<', i)) >= 0) {
      if (xml.startsWith("<!--", i)) {
        i = skipPast(xml, i, "-->");
      } else if (xml.startsWith("<![CDATA[", i)) {
        i = skipPast(xml, i, "]]>");
      } else if (xml.startsWith("<?", i)) {
        i = skipPast(xml, i, "?>");
      } else if (xml.startsWith("<!", i)) {
        i = skipPast(xml, i, ">");
      } else if (xml.startsWith("<testsuite", i)
          && i + 10 < n
          && (Character.isWhitespace(xml.charAt(i + 10))
              || xml.charAt(i + 10) == '>'
              || xml.charAt(i + 10) == '/')) {
        int end = tagEnd(xml, i + 10);
        Map<String, String> attrs = attributes(xml.substring(i + 10, end));
        sum[0] += num(attrs.get("tests"));
        sum[1] += num(attrs.get("failures"));
        sum[2] += num(attrs.get("errors"));
        sum[3] += num(attrs.get("skipped")) + num(attrs.get("skips"));
        found = true;
        i = end;
      } else {
        i++;
      }
      if (i < 0) {
        break;
      }
    }
    return found;
  }

  private static int skipPast(String s, int from, String end) {
    int j = s.indexOf(end, from);
    return j < 0 ? -1 : j + end.length();
  }

  /** The index of the {@code >} ending a start tag (quoted values may hold one). */
  private static int tagEnd(String s, int from) {
    char quote = 0;
    for (int j = from; j < s.length(); j++) {
      char c = s.charAt(j);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return j;
      }
    }
    return s.length();
  }

  private static final java.util.regex.Pattern ATTRIBUTE =
      java.util.regex.Pattern.compile(
          "([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

  private static Map<String, String> attributes(String tag) {
    Map<String, String> out = new LinkedHashMap<>();
    java.util.regex.Matcher m = ATTRIBUTE.matcher(tag);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    return out;
  }

  private static int num(String v) {
    try {
      return v == null || v.isBlank() ? 0 : (int) Double.parseDouble(v.trim());
    } catch (NumberFormatException ex) {
      return 0;
    }
  }
}
