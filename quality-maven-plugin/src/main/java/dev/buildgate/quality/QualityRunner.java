package dev.buildgate.quality;

import dev.buildgate.core.ci.GitHubWorkflow;
import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.exec.ResolvedTool;
import dev.buildgate.core.exec.ToolNotFoundException;
import dev.buildgate.core.exec.ToolRequest;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.finding.Baseline;
import dev.buildgate.core.finding.CodeQualityReport;
import dev.buildgate.core.finding.ConsoleReport;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.GitHubAnnotations;
import dev.buildgate.core.finding.JsonReportWriter;
import dev.buildgate.core.finding.MarkdownReport;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.finding.ToolRun;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.quality.parse.BanditJsonParser;
import dev.buildgate.quality.parse.OutputParseException;
import dev.buildgate.quality.parse.ParseContext;
import dev.buildgate.quality.parse.ParsedOutput;
import dev.buildgate.quality.parse.SarifParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Runs analyzers (concurrently when there are several), applies the gate (threshold, confidence,
 * baseline, {@code maxFindings}), writes the reports and the summary, and skips analyzers whose
 * inputs are unchanged since a passing run.
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

  private static final int STDERR_TAIL_LINES = 15;
  private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{[^}]+}");

  private final ProcessRunner processes;
  private final Map<String, String> env;
  private final Network network;
  private final Settings settings;
  private final QualityLog log;
  private final UpToDateStore store;
  private final PipelineSummary summary;
  private final CpuShare cpuShare = new CpuShare(Runtime.getRuntime().availableProcessors());
  private final java.util.concurrent.ConcurrentHashMap<
          String, java.util.concurrent.CompletableFuture<String>>
      treeHashes = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param processes runs the tools
   * @param env the environment tools are looked up in ({@code PATH})
   */
  public QualityRunner(
      ProcessRunner processes, Map<String, String> env, Settings settings, QualityLog log) {
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
      QualityLog log,
      Network network) {
    this.network = Objects.requireNonNull(network, "network");
    this.processes = Objects.requireNonNull(processes, "processes");
    this.env = Map.copyOf(env);
    this.settings = settings;
    this.log = log;
    this.store = new UpToDateStore(settings.buildgateDir().resolve("state"));
    this.summary = new PipelineSummary(settings.buildgateDir());
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
    }
    if (combined) {
      writeCombinedJson(results);
    }
    try {
      CodeQualityReport.merge(
          settings.reportDir(), settings.buildgateDir().resolve(CodeQualityReport.FILE_NAME));
    } catch (UncheckedIOException e) {
      log.warn(e.getMessage());
    }
    annotate(results);
    try {
      summary.appendToGitHubStepSummary(env);
    } catch (UncheckedIOException e) {
      log.warn("Could not append to $GITHUB_STEP_SUMMARY: " + e.getMessage());
    }
    return results;
  }

  /** In GitHub Actions: annotations for the new findings, as many as the step may show. */
  private void annotate(List<AnalyzerResult> results) {
    if (!GitHubWorkflow.active(env)) {
      return;
    }
    List<Finding> fresh = new ArrayList<>();
    for (AnalyzerResult r : results) {
      fresh.addAll(r.newFindings());
    }
    int left = GitHubAnnotations.print(System.out, fresh);
    if (left > 0) {
      log.warn(
          left
              + " of "
              + fresh.size()
              + " new findings are not annotated (GitHub shows "
              + GitHubAnnotations.PER_KIND
              + " errors and "
              + GitHubAnnotations.PER_KIND
              + " warnings per step): all are in "
              + settings.reportDir());
    }
  }

  /** Prints new findings grouped by file, then one line per analyzer. */
  public void printConsole(List<AnalyzerResult> results) {
    List<Finding> shown = new ArrayList<>();
    for (AnalyzerResult r : results) {
      shown.addAll(r.newFindings());
    }
    shown.sort(ConsoleReport.ORDER);
    int max = Math.max(0, settings.maxConsoleFindings());
    for (int i = 0; i < shown.size() && i < max; i++) {
      Finding f = shown.get(i);
      log.error(ConsoleReport.line(f));
      // mypy notes belong to their error: shown under it, never counted
      String notes = f.properties().get("notes");
      if (notes != null) {
        for (String note : notes.split("\n")) {
          log.error("    note: " + note);
        }
      }
    }
    if (shown.size() > max) {
      log.error(
          "... and "
              + (shown.size() - max)
              + " more new findings (all of them in "
              + settings.reportDir()
              + ")");
    }
    for (AnalyzerResult r : results) {
      if (r.config().kind() != AnalyzerKind.RUFF || r.newFindings().isEmpty()) {
        continue;
      }
      long fixable =
          r.newFindings().stream().filter(f -> "safe".equals(f.properties().get("fix"))).count();
      if (fixable > 0) {
        log.info(
            r.id()
                + ": "
                + fixable
                + " of the new findings have a safe automatic fix: run `ruff check --fix` in "
                + (r.config().repoRoot().equals(r.config().workingDir())
                    ? "."
                    : r.config().repoRoot().relativize(r.config().workingDir())));
      }
    }
    for (AnalyzerResult r : results) {
      switch (r.status()) {
        case PASSED:
        case UP_TO_DATE:
        case SKIPPED:
          log.info(r.summaryLine());
          break;
        default:
          log.error(r.summaryLine());
      }
    }
  }

  /**
   * Throws when any analyzer could not run ({@link QualityException}) or failed its gate ({@link
   * GateFailedException}).
   */
  public static void verdict(List<AnalyzerResult> results)
      throws QualityException, GateFailedException {
    List<String> errors = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (AnalyzerResult r : results) {
      if (r.status() == AnalyzerResult.Status.ERROR) {
        errors.add(r.id() + ": " + r.error());
      } else if (r.status() == AnalyzerResult.Status.FAILED) {
        failed.add(r.summaryLine());
      }
    }
    if (!errors.isEmpty()) {
      throw new QualityException(String.join("\n", errors));
    }
    if (!failed.isEmpty()) {
      throw new GateFailedException(
          "Quality gate failed: "
              + String.join("; ", failed)
              + ". Fix the findings listed above, or accept them with quality:baseline");
    }
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

  // ---------------------------------------------------------------- one analyzer

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
      store.invalidate(c.stateKey());
    }
    writeSummary(result);
    log.debug(c.id() + ": done after " + since(start).toMillis() + " ms");
    return result;
  }

  private AnalyzerResult analyze(
      AnalyzerConfig c, Future<Baseline> baseline, boolean upToDate, long start)
      throws QualityException {
    checkConfig(c);
    if (c.kind() != AnalyzerKind.SARIF && !hasPythonFiles(c)) {
      return AnalyzerResult.skipped(
          c,
          "no Python files in "
              + (c.repoRoot().equals(c.workingDir())
                  ? "."
                  : c.repoRoot().relativize(c.workingDir()))
              + " "
              + c.includes()
              + " (set <workingDirectory> to the Python project)",
          since(start));
    }
    ToolResolver resolver = new ToolResolver(processes, env, network.offline());
    ResolvedTool tool = resolve(resolver, c, c.runner());
    Path sarif = settings.reportDir().resolve(c.id() + ".sarif");

    Fingerprint fingerprint = null;
    // an image's content is not part of the fingerprint (its tag may move): always run
    if (upToDate && settings.upToDateCheck() && tool.via() != ToolRunner.IMAGE) {
      fingerprint = fingerprint(c, tool);
      log.debug(c.id() + ": inputs fingerprinted after " + since(start).toMillis() + " ms");
      if (store.isUpToDate(c.stateKey(), fingerprint) && Files.isRegularFile(sarif)) {
        AnalyzerResult cached = fromReport(c, tool, sarif, awaitBaseline(baseline), start);
        log.debug(c.id() + ": previous report read after " + since(start).toMillis() + " ms");
        if (cached != null) {
          return cached;
        }
      }
      store
          .changes(c.stateKey(), fingerprint)
          .ifPresent(why -> log.info(c.id() + ": running (" + why + ")"));
    }

    String version = null;
    if (!c.versionArgs().isEmpty()) {
      version = cachedVersion(c, tool);
      if (c.version() != null && !c.version().equals(version)) {
        if (c.runner() == ToolRunner.AUTO && tool.via() == ToolRunner.PATH) {
          log.info(
              c.id()
                  + " "
                  + version
                  + " on PATH is not the pinned "
                  + c.version()
                  + ": trying uvx");
          tool = resolve(resolver, c, ToolRunner.UVX);
          version = cachedVersion(c, tool);
        }
        if (!c.version().equals(version)) {
          throw new QualityException(
              c.id()
                  + " "
                  + version
                  + " found ("
                  + tool.description()
                  + ") but "
                  + c.version()
                  + " is pinned: install "
                  + c.executable()
                  + "=="
                  + c.version()
                  + ", set <runner>uvx</runner>, or change <version>");
        }
      }
    }

    ToolAdapter adapter = ToolAdapter.of(c.kind());
    Path raw =
        settings
            .reportDir()
            .resolve("raw")
            .resolve(c.id() + (c.kind() == AnalyzerKind.SARIF ? ".sarif" : ".out"));
    boolean container = tool.via() == ToolRunner.IMAGE;
    ToolAdapter.Invocation inv;
    try {
      inv = adapter.invocation(c, raw, version, container);
    } catch (IllegalArgumentException e) {
      throw new QualityException(c.id() + " (runner image): " + e.getMessage(), e);
    }
    try {
      Files.createDirectories(raw.getParent());
      Files.deleteIfExists(inv.report());
    } catch (IOException e) {
      throw new QualityException("Cannot prepare " + inv.report() + ": " + e.getMessage(), e);
    }
    ProcessSpec.Builder spec =
        ProcessSpec.builder(tool.argv(inv.args()))
            .workingDir(c.workingDir())
            .env(network.toolEnv())
            .env(c.env())
            .secrets(c.secrets())
            .secrets(network.secrets())
            .timeout(c.timeout());
    if (inv.stdoutIsReport()) {
      spec.stdoutFile(inv.report()).quietStdout(true);
    }
    ProcessSpec ps = spec.build();
    log.info(
        c.id()
            + ": "
            + shellQuoted(ps.maskedArgv())
            + " (in "
            + (c.repoRoot().equals(c.workingDir()) ? "." : c.repoRoot().relativize(c.workingDir()))
            + ")");
    ProcessResult pr;
    cpuShare.started();
    try {
      pr = processes.run(ps, (stream, line) -> log.debug("[" + c.id() + "] " + line));
    } catch (ProcessTimeoutException e) {
      throw new QualityException(
          e.getMessage() + ": raise <timeout> for " + c.id() + " or narrow its <includes>", e);
    } catch (ExecException e) {
      throw new QualityException(e.getMessage(), e);
    } finally {
      cpuShare.finished();
    }
    try {
      cpuShare.takeFreeCpu();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QualityException("Interrupted while " + c.id() + "'s output waited for a CPU");
    }
    try {
      return processed(c, tool, version, adapter, inv, pr, container, baseline, fingerprint, start);
    } finally {
      cpuShare.finished();
    }
  }

  /** Reads, gates and reports a finished tool's output. */
  private AnalyzerResult processed(
      AnalyzerConfig c,
      ResolvedTool tool,
      String version,
      ToolAdapter adapter,
      ToolAdapter.Invocation inv,
      ProcessResult pr,
      boolean container,
      Future<Baseline> baseline,
      Fingerprint fingerprint,
      long start)
      throws QualityException {

    log.debug(
        c.id()
            + ": exit "
            + pr.exitCode()
            + " after "
            + pr.duration().toMillis()
            + " ms in the tool, "
            + since(start).toMillis()
            + " ms in all");
    ToolAdapter.Exit exit = adapter.exit(c, pr.exitCode());
    if (exit == ToolAdapter.Exit.ERROR) {
      throw new QualityException(crashed(c, adapter, pr));
    }
    ParsedOutput parsed;
    try {
      parsed = adapter.parser().parse(inv.report(), context(c, container));
    } catch (OutputParseException e) {
      if (exit == ToolAdapter.Exit.BLOCKED) {
        throw new QualityException(crashed(c, adapter, pr), e);
      }
      throw new QualityException(
          c.id()
              + " exited with "
              + pr.exitCode()
              + " but its output cannot be read: "
              + e.getMessage()
              + tail(pr),
          e);
    } catch (IOException e) {
      throw new QualityException("Cannot read " + inv.report() + ": " + e.getMessage(), e);
    }
    if (!parsed.toolErrors().isEmpty()) {
      throw new QualityException(
          c.id()
              + " could not analyze "
              + parsed.toolErrors().size()
              + " path(s): "
              + String.join(
                  "; ", parsed.toolErrors().subList(0, Math.min(5, parsed.toolErrors().size())))
              + " (fix the files or exclude them)");
    }
    boolean blocked = exit == ToolAdapter.Exit.BLOCKED;
    if (blocked && parsed.findings().isEmpty()) {
      throw new QualityException(crashed(c, adapter, pr));
    }
    if (adapter.exitMeansFindings(pr.exitCode()) && parsed.findings().isEmpty()) {
      throw new QualityException(
          c.id()
              + " exited with "
              + pr.exitCode()
              + " (findings) but reported none: its output is incomplete"
              + tail(pr));
    }
    if (version == null) {
      version = parsed.toolVersion();
    }
    List<Finding> findings = excluded(c, parsed.findings());
    AnalyzerResult result =
        gate(
            c,
            tool.description(),
            version,
            findings,
            parsed.rules(),
            awaitBaseline(baseline),
            blocked,
            since(start),
            false);
    log.debug(c.id() + ": output read and gated after " + since(start).toMillis() + " ms");
    writeReports(result);
    log.debug(c.id() + ": reports written after " + since(start).toMillis() + " ms");
    if (result.status() == AnalyzerResult.Status.PASSED
        && settings.upToDateCheck()
        && tool.via() != ToolRunner.IMAGE) {
      store.record(c.stateKey(), fingerprint != null ? fingerprint : fingerprint(c, tool));
    }
    return result;
  }

  private static ParseContext context(AnalyzerConfig c, boolean container) {
    ParseContext ctx = new ParseContext(c.id(), c.workingDir(), c.repoRoot());
    return container ? ctx.mapContainerDir(ToolAdapter.CONTAINER_DIR) : ctx;
  }

  private static void checkConfig(AnalyzerConfig c) throws QualityException {
    if (!Files.isDirectory(c.workingDir())) {
      throw new QualityException(
          "working directory "
              + c.workingDir()
              + " does not exist: fix <workingDirectory> of "
              + c.id());
    }
    if (c.configFile() != null && !Files.isRegularFile(c.configFile())) {
      throw new QualityException(
          "config file "
              + c.configFile()
              + " does not exist: fix <configFile> of "
              + c.id()
              + " (relative paths are relative to "
              + c.workingDir()
              + ")");
    }
    for (Map.Entry<String, String> e : c.env().entrySet()) {
      if (e.getValue() != null && UNRESOLVED.matcher(e.getValue()).find()) {
        throw new QualityException(
            "environment variable "
                + e.getKey()
                + " of "
                + c.id()
                + " is '"
                + e.getValue()
                + "', an unresolved expression: set the variable it refers to, or use"
                + " <envFrom>/<envFromServers>");
      }
    }
  }

  /** Whether any .py/.pyi file is in scope (stops at the first one). */
  static boolean hasPythonFiles(AnalyzerConfig c) throws QualityException {
    List<Pattern> ex = new ArrayList<>();
    for (String e : c.excludes()) {
      ex.add(Globs.compile(e));
    }
    for (String inc : c.includes()) {
      Path start = c.workingDir().resolve(inc).normalize();
      if (Files.isRegularFile(start)) {
        return true;
      }
      if (!Files.isDirectory(start)) {
        throw new QualityException(
            c.id()
                + ": path "
                + start
                + " does not exist: fix <includes> (relative to "
                + c.workingDir()
                + ")");
      }
      try (var paths = Files.walk(start)) {
        boolean found =
            paths
                .filter(
                    p -> {
                      String n = p.getFileName() == null ? "" : p.getFileName().toString();
                      return n.endsWith(".py") || n.endsWith(".pyi");
                    })
                .map(p -> c.workingDir().relativize(p).toString().replace('\\', '/'))
                .anyMatch(rel -> ex.stream().noneMatch(x -> x.matcher(rel).matches()));
        if (found) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        throw new QualityException("Cannot read " + start + ": " + e.getMessage(), e);
      }
    }
    return false;
  }

  private ResolvedTool resolve(ToolResolver resolver, AnalyzerConfig c, ToolRunner runner)
      throws QualityException {
    ToolRequest req =
        new ToolRequest(
            c.id(),
            c.executable(),
            c.path(),
            c.version(),
            c.packageSpec(),
            runner,
            c.workingDir(),
            c.image());
    try {
      return resolver.resolve(req);
    } catch (ToolNotFoundException e) {
      throw new QualityException(e.getMessage(), e);
    }
  }

  /**
   * The tool's version: {@code uvx <name>==<version>} is that version; an executable file is asked
   * once and the answer kept (keyed by its path, size and modification time) so re-runs do not pay
   * for {@code --version} (0.3 s for mypy or Bandit).
   */
  private String cachedVersion(AnalyzerConfig c, ResolvedTool tool) throws QualityException {
    if (tool.via() == ToolRunner.UVX
        && c.version() != null
        && c.packageSpec() == null
        && tool.command().contains(c.executable() + "==" + c.version())) {
      return c.version();
    }
    if (tool.via() != ToolRunner.PATH) {
      return version(c, tool);
    }
    String stamp = executableStamp(tool) + " " + c.versionArgs();
    String key = c.stateKey() + "-version";
    String recorded = store.recorded(key).orElse("");
    int sep = recorded.lastIndexOf('\t');
    if (sep > 0 && recorded.substring(0, sep).equals(stamp) && !stamp.startsWith("unknown")) {
      return recorded.substring(sep + 1);
    }
    String v = version(c, tool);
    try {
      store.record(key, stamp + "\t" + v);
    } catch (UncheckedIOException e) {
      log.debug("cannot cache the version of " + c.id() + ": " + e.getMessage());
    }
    return v;
  }

  private String version(AnalyzerConfig c, ResolvedTool tool) throws QualityException {
    ProcessSpec spec =
        ProcessSpec.builder(tool.argv(c.versionArgs()))
            .workingDir(c.workingDir())
            .env(network.toolEnv())
            .env(c.env())
            .secrets(c.secrets())
            .secrets(network.secrets())
            .timeout(ToolResolver.VERSION_TIMEOUT)
            .maxCaptureBytes(64 * 1024)
            .build();
    ProcessResult r;
    try {
      r = processes.run(spec, LineSink.NONE);
    } catch (ExecException e) {
      throw new QualityException(e.getMessage(), e);
    }
    String v =
        ToolResolver.parseVersion(r.stdout())
            .or(() -> ToolResolver.parseVersion(r.stderr()))
            .orElse(null);
    if (r.exitCode() != 0 || v == null) {
      throw new QualityException(
          c.id()
              + " could not run ("
              + tool.description()
              + "): '"
              + spec.displayCommand()
              + "' exited with "
              + r.exitCode()
              + tail(r));
    }
    return v;
  }

  private static String crashed(AnalyzerConfig c, ToolAdapter adapter, ProcessResult pr) {
    return c.id()
        + " could not run: exit code "
        + pr.exitCode()
        + " ("
        + adapter.exitCodes(c)
        + ")"
        + tail(pr);
  }

  private static String tail(ProcessResult pr) {
    String t = pr.stderrTail(STDERR_TAIL_LINES).strip();
    if (t.isEmpty()) {
      t = pr.outputTail(STDERR_TAIL_LINES).strip();
    }
    return t.isEmpty() ? "; it printed nothing" : "; its output ends with:\n" + t;
  }

  /** Drops findings in excluded paths (relative to the working directory). */
  static List<Finding> excluded(AnalyzerConfig c, List<Finding> findings) {
    if (c.excludes().isEmpty()) {
      return findings;
    }
    List<Pattern> patterns = new ArrayList<>();
    for (String e : c.excludes()) {
      patterns.add(Globs.compile(e));
    }
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (f.file() == null) {
        out.add(f);
        continue;
      }
      Path abs = c.repoRoot().resolve(f.file()).normalize();
      String rel =
          abs.startsWith(c.workingDir())
              ? c.workingDir().relativize(abs).toString().replace('\\', '/')
              : f.file();
      boolean drop = false;
      for (Pattern p : patterns) {
        if (p.matcher(rel).matches()) {
          drop = true;
          break;
        }
      }
      if (!drop) {
        out.add(f);
      }
    }
    return out;
  }

  /** Applies threshold, confidence, baseline and maxFindings. */
  static AnalyzerResult gate(
      AnalyzerConfig c,
      String tool,
      String version,
      List<Finding> findings,
      List<dev.buildgate.core.finding.Rule> rules,
      Baseline baseline,
      boolean blocked,
      Duration duration,
      boolean upToDate) {
    List<Finding> gating = new ArrayList<>();
    for (Finding f : findings) {
      if (!f.severity().atLeast(c.threshold())) {
        continue;
      }
      String conf = f.properties().get(BanditJsonParser.CONFIDENCE);
      if (c.kind() == AnalyzerKind.BANDIT && conf != null) {
        Severity s;
        try {
          s = Severity.parse(conf);
        } catch (IllegalArgumentException e) {
          s = Severity.LOW;
        }
        if (!s.atLeast(c.minConfidence())) {
          continue;
        }
      }
      gating.add(f);
    }
    List<Finding> fresh = blocked ? gating : baseline.newFindings(gating);
    boolean tooMany = c.maxFindings() >= 0 && gating.size() > c.maxFindings();
    boolean failed = blocked || tooMany || !fresh.isEmpty();
    AnalyzerResult.Status status =
        failed
            ? AnalyzerResult.Status.FAILED
            : (upToDate ? AnalyzerResult.Status.UP_TO_DATE : AnalyzerResult.Status.PASSED);
    return new AnalyzerResult(
        c, status, tool, version, findings, rules, gating, fresh, blocked, tooMany, null, duration);
  }

  private AnalyzerResult fromReport(
      AnalyzerConfig c, ResolvedTool tool, Path sarif, Baseline baseline, long start) {
    try {
      List<SarifParser.Run> runs;
      try (var in = Files.newInputStream(sarif)) {
        runs =
            new SarifParser().parseRuns(in, new ParseContext(c.id(), c.repoRoot(), c.repoRoot()));
      }
      if (runs.size() != 1) {
        return null;
      }
      SarifParser.Run run = runs.get(0);
      AnalyzerResult r =
          gate(
              c,
              tool.description(),
              run.version(),
              run.findings(),
              run.rules(),
              baseline,
              false,
              since(start),
              true);
      return r.status() == AnalyzerResult.Status.UP_TO_DATE ? r : null;
    } catch (IOException | OutputParseException e) {
      log.debug(c.id() + ": cannot reuse " + sarif + " (" + e.getMessage() + "), running again");
      return null;
    }
  }

  private Fingerprint fingerprint(AnalyzerConfig c, ResolvedTool tool) throws QualityException {
    Fingerprint.Builder b =
        Fingerprint.builder()
            .value("config", c.fingerprintValues())
            .secrets("env:", c.env())
            .value("plugin", settings.pluginVersion())
            .value("command", tool.command())
            .value("executable", executableStamp(tool))
            .value("files", filesHex(c))
            .file(settings.baselineFile());
    if (c.configFile() != null) {
      b.file(c.configFile());
    }
    try {
      return b.build();
    } catch (UncheckedIOException e) {
      throw new QualityException(
          "Cannot fingerprint the inputs of " + c.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The content hash of the analyzer's input files. Analyzers of one goal usually share the tree
   * (same working directory and globs): it is read once per goal, not once per analyzer.
   */
  private String filesHex(AnalyzerConfig c) throws QualityException {
    List<String> excludes = new ArrayList<>(c.inputExcludes());
    if (c.sarifFile() != null) {
      excludes.add(c.sarifFile()); // the tool's own output is not an input
    }
    String key = c.workingDir() + "\n" + c.inputIncludes() + "\n" + excludes;
    java.util.concurrent.CompletableFuture<String> mine =
        new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.CompletableFuture<String> f = treeHashes.putIfAbsent(key, mine);
    if (f == null) {
      try {
        mine.complete(contentHex(c.workingDir(), c.inputIncludes(), excludes, key));
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      } catch (IOException e) {
        mine.completeExceptionally(new UncheckedIOException(e));
      }
      f = mine;
    }
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new QualityException(
          "Cannot fingerprint the inputs of " + c.id() + ": " + e.getCause().getMessage(), e);
    }
  }

  /**
   * The content fingerprint of a tree, reusing the last one when a walk shows every file with the
   * same path, size and modification time ({@link InputStamp}): an unchanged tree costs a directory
   * walk, not reading every file.
   */
  private String contentHex(Path root, List<String> includes, List<String> excludes, String key)
      throws IOException {
    String stamp = InputStamp.of(root, includes, excludes);
    String cacheKey =
        "quality-inputs-" + Fingerprint.builder().value("tree", key).build().hex().substring(0, 16);
    if (InputStamp.isRacy(stamp)) {
      // a file changed just now: read everything, keep nothing (the next change may share its tick)
      return Fingerprint.builder().files(root, includes, excludes).build().hex();
    }
    String recorded = store.recorded(cacheKey).orElse("");
    int sep = recorded.indexOf('\t');
    if (sep > 0 && recorded.substring(0, sep).equals(stamp)) {
      return recorded.substring(sep + 1);
    }
    String hex = Fingerprint.builder().files(root, includes, excludes).build().hex();
    store.record(cacheKey, stamp + "\t" + hex);
    return hex;
  }

  /** Size and modification time of the executable the command starts, so an upgrade re-runs. */
  private static String executableStamp(ResolvedTool tool) {
    try {
      Path exe = Path.of(tool.command().get(0)).toRealPath();
      BasicFileAttributes a = Files.readAttributes(exe, BasicFileAttributes.class);
      return exe + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  // ---------------------------------------------------------------- reports

  /** The code scanning category of an analyzer's SARIF file. */
  static String category(String analyzerId) {
    return "buildgate/quality/" + analyzerId;
  }

  /**
   * One analyzer's reports: {@code <id>.sarif} (its own code scanning category), {@code <id>.json}
   * and its part of GitLab's Code Quality report.
   */
  private void writeReports(AnalyzerResult r) {
    Path dir = settings.reportDir();
    List<ToolRun> runs = List.of(toolRun(r));
    SarifWriter.write(runs, category(r.id()), dir.resolve(r.id() + ".sarif"));
    JsonReportWriter.write(runs, dir.resolve(r.id() + ".json"));
    CodeQualityReport.write(r.findings(), dir.resolve(r.id() + CodeQualityReport.PART_SUFFIX));
  }

  /**
   * {@code quality.json}: every analyzer of the goal in one file. There is no combined SARIF: it
   * would repeat the runs of each analyzer's category, and code scanning rejects an upload with two
   * runs of one tool and category.
   */
  private void writeCombinedJson(List<AnalyzerResult> results) {
    List<ToolRun> runs = new ArrayList<>();
    for (AnalyzerResult r : results) {
      if (r.status() != AnalyzerResult.Status.ERROR
          && r.status() != AnalyzerResult.Status.SKIPPED) {
        runs.add(toolRun(r));
      }
    }
    JsonReportWriter.write(runs, settings.reportDir().resolve("quality.json"));
  }

  private static ToolRun toolRun(AnalyzerResult r) {
    return new ToolRun(
        r.id(), r.version(), r.config().kind().informationUri(), r.rules(), r.findings());
  }

  private void writeSummary(AnalyzerResult r) {
    StepStatus status;
    switch (r.status()) {
      case PASSED:
        status = StepStatus.PASSED;
        break;
      case UP_TO_DATE:
        status = StepStatus.UP_TO_DATE;
        break;
      case SKIPPED:
        status = StepStatus.SKIPPED;
        break;
      default:
        status = StepStatus.FAILED;
    }
    StringBuilder body = new StringBuilder();
    body.append(MarkdownReport.escape(r.summaryLine())).append('\n');
    if (!r.newFindings().isEmpty()) {
      body.append('\n').append(MarkdownReport.table(r.newFindings(), 20));
    }
    try {
      summary.section(sectionId(r.config()), sectionTitle(r.config()), status, body.toString());
    } catch (UncheckedIOException e) {
      log.warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }

  /** The analyzer's section id in the pipeline summary, e.g. {@code quality-ruff}. */
  public static String sectionId(AnalyzerConfig c) {
    return "quality-" + c.id();
  }

  /** The analyzer's section title in the pipeline summary, e.g. {@code Lint (ruff)}. */
  public static String sectionTitle(AnalyzerConfig c) {
    return c.kind().title() + " (" + c.id() + ")";
  }

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  /** The command as a POSIX shell would need it, so it can be pasted to reproduce a run. */
  static String shellQuoted(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    for (String a : argv) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      if (SHELL_SAFE.matcher(a).matches()) {
        sb.append(a);
      } else {
        sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
      }
    }
    return sb.toString();
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
