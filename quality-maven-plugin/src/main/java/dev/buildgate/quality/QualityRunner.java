package dev.buildgate.quality;

import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ResolvedTool;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.finding.Baseline;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.quality.fingerprint.QualityUpToDate;
import dev.buildgate.quality.parse.SarifParser;
import dev.buildgate.quality.report.QualityReports;
import dev.buildgate.quality.report.QualitySummary;
import dev.buildgate.quality.run.AnalyzerInputs;
import dev.buildgate.quality.run.AnalyzerRun;
import dev.buildgate.quality.run.ToolOutput;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Runs analyzers (concurrently when there are several), applies the gate (threshold, confidence,
 * baseline, {@code maxFindings}), writes the reports and the summary, and skips analyzers whose
 * inputs are unchanged since a passing run. The stages live in their packages: {@code run} (the
 * tool), {@code fingerprint} (the up-to-date check), {@code report} (reports and summary); the gate
 * is {@link QualityGate}.
 *
 * <p>Thread-safe: each analyzer runs in its own task and touches only its own files; shared files
 * (summary, combined report, baseline) are written by {@link PipelineSummary} or after all tasks
 * finished.
 */
public final class QualityRunner {

  /** Settings shared by every analyzer of one goal execution. */
  public record Settings(
      Path reportDir,
      Path buildgateDir,
      Path baselineFile,
      String pluginVersion,
      boolean upToDateCheck,
      int maxConsoleFindings) {
    public Settings {
      Objects.requireNonNull(reportDir, "reportDir");
      Objects.requireNonNull(buildgateDir, "buildgateDir");
      Objects.requireNonNull(baselineFile, "baselineFile");
    }
  }

  private final Map<String, String> env;
  private final Settings settings;
  private final GateLog log;
  private final QualityUpToDate upToDate;
  private final AnalyzerRun tools;
  private final QualityReports reports;
  private final QualitySummary summary;

  /**
   * @param processes runs the tools
   * @param env the environment tools are looked up in ({@code PATH})
   */
  public QualityRunner(
      ProcessRunner processes, Map<String, String> env, Settings settings, GateLog log) {
    this(processes, env, settings, log, Network.DIRECT);
  }

  /**
   * @param processes runs the tools
   * @param env the environment tools are looked up in ({@code PATH})
   * @param network offline and proxies: every tool gets {@link Network#toolEnv()} (uv and uvx then
   *     run offline or through the proxy) under its configured environment, which wins
   */
  public QualityRunner(
      ProcessRunner processes,
      Map<String, String> env,
      Settings settings,
      GateLog log,
      Network network) {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(processes, "processes");
    this.env = Map.copyOf(env);
    this.settings = settings;
    this.log = log;
    this.upToDate =
        new QualityUpToDate(
            settings.buildgateDir().resolve("state"),
            settings.baselineFile(),
            settings.pluginVersion(),
            log);
    this.tools = new AnalyzerRun(processes, this.env, network, settings.reportDir(), log, upToDate);
    this.reports = new QualityReports(settings.reportDir(), settings.buildgateDir(), log);
    this.summary = new QualitySummary(settings.buildgateDir(), log);
  }

  /**
   * Runs the analyzers (concurrently when there are several) and writes per-analyzer reports,
   * summary sections, GitLab's Code Quality report and, when {@code combined}, {@code
   * quality.json}; in GitHub Actions, annotations for the new findings.
   *
   * @param upToDate whether passing runs with unchanged inputs may be skipped
   */
  public List<AnalyzerResult> run(
      List<AnalyzerConfig> analyzers, boolean combined, boolean upToDate) throws QualityException {
    // the baseline is only needed to gate: it is read while the tools already run
    CompletableFuture<Baseline> baseline = new CompletableFuture<>();
    List<AnalyzerResult> results = new ArrayList<>();
    if (analyzers.size() == 1) {
      baseline.complete(loadBaseline());
      results.add(runOne(analyzers.get(0), baseline, upToDate));
    } else if (!analyzers.isEmpty()) {
      results.addAll(runConcurrently(analyzers, baseline, upToDate));
    }
    if (combined) {
      reports.writeCombinedJson(results);
    }
    reports.mergeCodeQuality();
    reports.annotate(results, env, System.out);
    return results;
  }

  private List<AnalyzerResult> runConcurrently(
      List<AnalyzerConfig> analyzers, CompletableFuture<Baseline> baseline, boolean upToDate)
      throws QualityException {
    List<AnalyzerResult> results = new ArrayList<>();
    ExecutorService pool = DaemonPool.fixed(analyzers.size(), "buildgate-quality");
    try {
      List<Future<AnalyzerResult>> futures = new ArrayList<>();
      for (AnalyzerConfig c : analyzers) {
        futures.add(pool.submit(() -> runOne(c, baseline, upToDate)));
      }
      try {
        baseline.complete(loadBaseline());
      } catch (QualityException e) {
        baseline.completeExceptionally(e);
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          results.add(
              AnalyzerResult.error(
                  analyzers.get(i), null, null, String.valueOf(cause), Duration.ZERO));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QualityException("Interrupted while the analyzers were running");
    } finally {
      pool.shutdownNow();
    }
    if (baseline.isCompletedExceptionally()) {
      awaitBaseline(baseline); // an unreadable baseline fails the goal itself, as before
    }
    return results;
  }

  /** Prints new findings grouped by file, then one line per analyzer. */
  public void printConsole(List<AnalyzerResult> results) {
    reports.printConsole(results, settings.maxConsoleFindings());
  }

  /**
   * Throws when any analyzer could not run ({@link QualityException}) or failed its gate ({@link
   * GateFailedException}).
   */
  public static void verdict(List<AnalyzerResult> results)
      throws QualityException, GateFailedException {
    QualityGate.verdict(results);
  }

  /**
   * Runs the analyzers without the gate or the up-to-date check and writes every finding to the
   * baseline file.
   *
   * @throws QualityException when an analyzer could not run (the baseline is then not written)
   */
  public List<AnalyzerResult> writeBaseline(List<AnalyzerConfig> analyzers)
      throws QualityException {
    List<AnalyzerResult> results = run(analyzers, true, false);
    List<Finding> all = new ArrayList<>();
    for (AnalyzerResult r : results) {
      if (r.status() == AnalyzerResult.Status.ERROR) {
        throw new QualityException(r.id() + ": " + r.error() + " (the baseline was not written)");
      }
      all.addAll(r.findings());
    }
    try {
      Baseline.write(settings.baselineFile(), all);
    } catch (UncheckedIOException e) {
      throw new QualityException(e.getMessage(), e);
    }
    return results;
  }

  private Baseline loadBaseline() throws QualityException {
    try {
      return Baseline.load(settings.baselineFile());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new QualityException(e.getMessage(), e);
    }
  }

  private static Baseline awaitBaseline(Future<Baseline> baseline) throws QualityException {
    try {
      return baseline.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof QualityException q
          ? q
          : new QualityException("Cannot read the baseline: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QualityException("Interrupted while reading the baseline");
    }
  }

  // ---------------------------------------------------------------- one analyzer

  private AnalyzerResult runOne(AnalyzerConfig c, Future<Baseline> baseline, boolean upToDate) {
    long start = System.nanoTime();
    AnalyzerResult result;
    try {
      result = analyze(c, baseline, upToDate, start);
    } catch (QualityException e) {
      result = AnalyzerResult.error(c, null, null, e.getMessage(), since(start));
    } catch (RuntimeException e) {
      result = AnalyzerResult.error(c, null, null, "unexpected error: " + e, since(start));
    }
    if (result.status() == AnalyzerResult.Status.FAILED
        || result.status() == AnalyzerResult.Status.ERROR) {
      this.upToDate.invalidate(c);
    }
    summary.section(result);
    log.debug(c.id() + ": done after " + since(start).toMillis() + " ms");
    return result;
  }

  /** The stages of one analyzer: inputs, tool, up-to-date check, version, run, gate, reports. */
  private AnalyzerResult analyze(
      AnalyzerConfig c, Future<Baseline> baseline, boolean upToDate, long start)
      throws QualityException {
    AnalyzerInputs.check(c);
    if (c.kind() != AnalyzerKind.SARIF && !AnalyzerInputs.hasPythonFiles(c)) {
      return AnalyzerResult.skipped(
          c,
          "no Python files in "
              + AnalyzerInputs.shownWorkingDir(c)
              + " "
              + c.includes()
              + " (set <workingDirectory> to the Python project)",
          since(start));
    }
    ResolvedTool resolved = tools.resolve(c);
    Fingerprint fingerprint = null;
    // an image's content is not part of the fingerprint (its tag may move): always run
    if (upToDate && settings.upToDateCheck() && resolved.via() != ToolRunner.IMAGE) {
      fingerprint = this.upToDate.fingerprint(c, resolved);
      log.debug(c.id() + ": inputs fingerprinted after " + since(start).toMillis() + " ms");
      AnalyzerResult cached = unchanged(c, resolved, fingerprint, baseline, start);
      if (cached != null) {
        return cached;
      }
      this.upToDate
          .changes(c, fingerprint)
          .ifPresent(why -> log.info(c.id() + ": running (" + why + ")"));
    }
    AnalyzerRun.Tool tool = tools.pinned(c, resolved);
    Fingerprint known = fingerprint;
    return tools.run(c, tool, start, out -> gated(c, tool, out, baseline, known, start));
  }

  /**
   * The result of the last passing run when the inputs are unchanged and its report still passes
   * the gate, else null.
   */
  private AnalyzerResult unchanged(
      AnalyzerConfig c,
      ResolvedTool tool,
      Fingerprint fingerprint,
      Future<Baseline> baseline,
      long start)
      throws QualityException {
    Path sarif = settings.reportDir().resolve(c.id() + ".sarif");
    if (!upToDate.isUpToDate(c, fingerprint) || !Files.isRegularFile(sarif)) {
      return null;
    }
    Baseline b = awaitBaseline(baseline);
    SarifParser.Run run = upToDate.lastRun(c, sarif).orElse(null);
    AnalyzerResult r =
        run == null
            ? null
            : QualityGate.apply(
                c,
                tool.description(),
                run.version(),
                run.findings(),
                run.rules(),
                b,
                false,
                since(start),
                true);
    log.debug(c.id() + ": previous report read after " + since(start).toMillis() + " ms");
    return r != null && r.status() == AnalyzerResult.Status.UP_TO_DATE ? r : null;
  }

  /** Gates a tool's output, writes its reports and records a passing run's inputs. */
  private AnalyzerResult gated(
      AnalyzerConfig c,
      AnalyzerRun.Tool tool,
      ToolOutput out,
      Future<Baseline> baseline,
      Fingerprint fingerprint,
      long start)
      throws QualityException {
    AnalyzerResult result =
        QualityGate.apply(
            c,
            tool.resolved().description(),
            out.version(),
            out.findings(),
            out.rules(),
            awaitBaseline(baseline),
            out.blocked(),
            since(start),
            false);
    log.debug(c.id() + ": output read and gated after " + since(start).toMillis() + " ms");
    reports.write(result);
    log.debug(c.id() + ": reports written after " + since(start).toMillis() + " ms");
    if (result.status() == AnalyzerResult.Status.PASSED
        && settings.upToDateCheck()
        && tool.resolved().via() != ToolRunner.IMAGE) {
      upToDate.record(
          c, fingerprint != null ? fingerprint : upToDate.fingerprint(c, tool.resolved()));
    }
    return result;
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
