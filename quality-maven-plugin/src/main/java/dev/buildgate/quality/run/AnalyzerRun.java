package dev.buildgate.quality.run;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.PinnedVersion;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.exec.ResolvedTool;
import dev.buildgate.core.exec.ToolNotFoundException;
import dev.buildgate.core.exec.ToolRequest;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerKind;
import dev.buildgate.quality.QualityException;
import dev.buildgate.quality.fingerprint.QualityUpToDate;
import dev.buildgate.quality.parse.OutputParseException;
import dev.buildgate.quality.parse.ParseContext;
import dev.buildgate.quality.parse.ParsedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Runs one analyzer's tool: finds it ({@link ToolResolver}), checks its pinned version (trying
 * {@code uvx} when the one on {@code PATH} is another), starts it with the adapter's arguments and
 * reads its report into a {@link ToolOutput}, failing closed on every exit code, report or tool
 * error that says the tool did not really run.
 *
 * <p>Thread-safe: analyzers of one goal run concurrently and share only the {@link CpuShare}.
 */
public final class AnalyzerRun {

  /** A resolved tool and its version (null when the analyzer asks for none). */
  public record Tool(ResolvedTool resolved, String version) {}

  /** What is done with a tool's output while the run holds its CPU. */
  @FunctionalInterface
  public interface OutputHandler<T> {
    /**
     * @param output the tool's output
     * @return the result
     * @throws QualityException when the output cannot be gated or reported
     */
    T handle(ToolOutput output) throws QualityException;
  }

  private static final int STDERR_TAIL_LINES = 15;
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private final ProcessRunner processes;
  private final Map<String, String> env;
  private final Network network;
  private final Path reportDir;
  private final GateLog log;
  private final QualityUpToDate versions;
  private final CpuShare cpuShare = new CpuShare(Runtime.getRuntime().availableProcessors());

  /**
   * @param processes runs the tools
   * @param env the environment tools are looked up in ({@code PATH})
   * @param network offline and proxies: every tool gets {@link Network#toolEnv()} under its
   *     configured environment, which wins
   * @param reportDir the report directory (raw tool output under {@code raw/})
   * @param log the log
   * @param versions keeps the versions of executables on {@code PATH}
   */
  public AnalyzerRun(
      ProcessRunner processes,
      Map<String, String> env,
      Network network,
      Path reportDir,
      GateLog log,
      QualityUpToDate versions) {
    this.processes = Objects.requireNonNull(processes, "processes");
    this.env = Map.copyOf(env);
    this.network = Objects.requireNonNull(network, "network");
    this.reportDir = reportDir;
    this.log = log;
    this.versions = versions;
  }

  /**
   * Finds the analyzer's tool with its configured runner.
   *
   * @throws QualityException when it is not found (the message says how to install it)
   */
  public ResolvedTool resolve(AnalyzerConfig c) throws QualityException {
    return resolve(c, c.runner());
  }

  private ResolvedTool resolve(AnalyzerConfig c, ToolRunner runner) throws QualityException {
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
      return new ToolResolver(processes, env, network.offline()).resolve(req);
    } catch (ToolNotFoundException e) {
      throw new QualityException(e.getMessage(), e);
    }
  }

  /**
   * Reads the tool's version when the analyzer has version arguments and checks it against the
   * pinned one: a tool on {@code PATH} of another version is replaced by {@code uvx} with the
   * automatic runner.
   *
   * @throws QualityException when the version cannot be read or is not the pinned one
   */
  public Tool pinned(AnalyzerConfig c, ResolvedTool tool) throws QualityException {
    if (c.versionArgs().isEmpty()) {
      return new Tool(tool, null);
    }
    String version = cachedVersion(c, tool);
    if (PinnedVersion.accepts(c.version(), version)) {
      return new Tool(tool, version);
    }
    if (c.runner() == ToolRunner.AUTO && tool.via() == ToolRunner.PATH) {
      log.info(
          c.id() + " " + version + " on PATH is not the pinned " + c.version() + ": trying uvx");
      tool = resolve(c, ToolRunner.UVX);
      version = cachedVersion(c, tool);
    }
    if (!PinnedVersion.accepts(c.version(), version)) {
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
    return new Tool(tool, version);
  }

  /**
   * Runs the tool, reads its report and hands the output to {@code then} on a free CPU (the
   * plugin's own work waits while the running tools occupy every CPU, see {@link CpuShare}).
   *
   * @param c the analyzer
   * @param tool the tool and its version
   * @param start when the analyzer started ({@link System#nanoTime()})
   * @param then gates and reports the output
   * @return what {@code then} returns
   * @throws QualityException when the tool could not run or its output cannot be trusted
   */
  public <T> T run(AnalyzerConfig c, Tool tool, long start, OutputHandler<T> then)
      throws QualityException {
    ToolAdapter adapter = ToolAdapter.of(c.kind());
    boolean container = tool.resolved().via() == ToolRunner.IMAGE;
    ToolAdapter.Invocation inv = invocation(c, adapter, tool.version(), container);
    ProcessSpec ps = processSpec(c, tool.resolved(), inv);
    log.info(
        c.id()
            + ": "
            + shellQuoted(ps.maskedArgv())
            + " (in "
            + AnalyzerInputs.shownWorkingDir(c)
            + ")");
    ProcessResult pr = execute(c, ps);
    try {
      cpuShare.takeFreeCpu();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QualityException("Interrupted while " + c.id() + "'s output waited for a CPU");
    }
    try {
      return then.handle(read(c, tool.version(), adapter, inv, pr, container, start));
    } finally {
      cpuShare.finished();
    }
  }

  /** The adapter's arguments; the raw report's directory made and its previous file deleted. */
  private ToolAdapter.Invocation invocation(
      AnalyzerConfig c, ToolAdapter adapter, String version, boolean container)
      throws QualityException {
    Path raw =
        reportDir
            .resolve("raw")
            .resolve(c.id() + (c.kind() == AnalyzerKind.SARIF ? ".sarif" : ".out"));
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
    return inv;
  }

  private ProcessSpec processSpec(AnalyzerConfig c, ResolvedTool tool, ToolAdapter.Invocation inv) {
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
    return spec.build();
  }

  /** Runs the process; the tool holds a CPU while it runs. */
  private ProcessResult execute(AnalyzerConfig c, ProcessSpec ps) throws QualityException {
    cpuShare.started();
    try {
      return processes.run(ps, (stream, line) -> log.debug("[" + c.id() + "] " + line));
    } catch (ProcessTimeoutException e) {
      throw new QualityException(
          e.getMessage() + ": raise <timeout> for " + c.id() + " or narrow its <includes>", e);
    } catch (ExecException e) {
      throw new QualityException(e.getMessage(), e);
    } finally {
      cpuShare.finished();
    }
  }

  /** Reads and checks a finished tool's output. */
  private ToolOutput read(
      AnalyzerConfig c,
      String version,
      ToolAdapter adapter,
      ToolAdapter.Invocation inv,
      ProcessResult pr,
      boolean container,
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
    ParsedOutput parsed = parse(c, adapter, inv, pr, exit, container);
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
    return new ToolOutput(
        version != null ? version : parsed.toolVersion(),
        AnalyzerInputs.excluded(c, parsed.findings()),
        parsed.rules(),
        blocked);
  }

  private static ParsedOutput parse(
      AnalyzerConfig c,
      ToolAdapter adapter,
      ToolAdapter.Invocation inv,
      ProcessResult pr,
      ToolAdapter.Exit exit,
      boolean container)
      throws QualityException {
    try {
      return adapter.parser().parse(inv.report(), context(c, container));
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
  }

  private static ParseContext context(AnalyzerConfig c, boolean container) {
    ParseContext ctx = new ParseContext(c.id(), c.workingDir(), c.repoRoot());
    return container ? ctx.mapContainerDir(ToolAdapter.CONTAINER_DIR) : ctx;
  }

  /**
   * The tool's version: {@code uvx <name>==<version>} is that version; an executable file is asked
   * once and the answer kept (keyed by its path, size and modification time) so re-runs and the
   * other modules of a reactor do not pay for {@code --version} (0.1-0.3 s for mypy or Bandit).
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
    return versions.version(c, tool, () -> version(c, tool));
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

  /** The command as a POSIX shell would need it, so it can be pasted to reproduce a run. */
  public static String shellQuoted(List<String> argv) {
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
