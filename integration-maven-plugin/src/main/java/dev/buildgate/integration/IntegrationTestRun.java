package dev.buildgate.integration;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.exec.StreamKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Runs the test command against a stack and records the result; never fails the build itself. */
public final class IntegrationTestRun {
  private final ProcessRunner runner;
  private final IntegrationLog log;

  public IntegrationTestRun(ProcessRunner runner, IntegrationLog log) {
    this.runner = runner;
    this.log = log;
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
                  .env(env)
                  .secrets(spec.secrets())
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
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pat);
      try (var walk = Files.walk(baseDir, 12)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> m.matches(baseDir.relativize(p)))
            .forEach(out::add);
      } catch (IOException e) {
        // unreadable folder: report what was found
      }
    }
    return new ArrayList<>(out);
  }

  /** Sums testsuite counts over JUnit XML files; null when none parses as JUnit XML. */
  static TestResult.JUnitCounts junitCounts(List<Path> reports) {
    int tests = 0;
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    boolean any = false;
    for (Path p : reports) {
      if (!p.getFileName().toString().endsWith(".xml")) {
        continue;
      }
      try (InputStream in = Files.newInputStream(p)) {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        Document d = b.parse(in);
        NodeList suites = d.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
          Element s = (Element) suites.item(i);
          tests += num(s, "tests");
          failures += num(s, "failures");
          errors += num(s, "errors");
          skipped += num(s, "skipped") + num(s, "skips");
          any = true;
        }
      } catch (Exception e) {
        // not JUnit XML (e.g. coverage.xml): recorded as a path only
      }
    }
    return any ? new TestResult.JUnitCounts(tests, failures, errors, skipped) : null;
  }

  private static int num(Element e, String attr) {
    String v = e.getAttribute(attr);
    try {
      return v.isEmpty() ? 0 : (int) Double.parseDouble(v);
    } catch (NumberFormatException ex) {
      return 0;
    }
  }
}
