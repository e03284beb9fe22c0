package dev.buildgate.quality.fingerprint;

import dev.buildgate.core.exec.ResolvedTool;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.state.FileStamps;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.SharedAnswers;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.QualityException;
import dev.buildgate.quality.parse.OutputParseException;
import dev.buildgate.quality.parse.ParseContext;
import dev.buildgate.quality.parse.SarifParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The up-to-date check of the quality analyzers: the fingerprint of an analyzer's inputs (its
 * configuration, the tool, the input files, the baseline), the state kept under {@code
 * target/buildgate/state} after a passing run, and the previous run's SARIF report that stands in
 * for a run whose inputs are unchanged. Also keeps the versions of tools on {@code PATH}, keyed by
 * the executable's path, size and modification time.
 *
 * <p>Thread-safe: analyzers of one goal fingerprint concurrently and share the content hash of a
 * tree they have in common.
 */
public final class QualityUpToDate {

  private final UpToDateStore store;
  private final Path baselineFile;
  private final String pluginVersion;
  private final GateLog log;
  private final ConcurrentHashMap<String, CompletableFuture<String>> treeHashes =
      new ConcurrentHashMap<>();

  /**
   * @param stateDir {@code target/buildgate/state}
   * @param baselineFile the baseline (an input of every analyzer)
   * @param pluginVersion the plugin's version (an input of every analyzer)
   * @param log the log
   */
  public QualityUpToDate(Path stateDir, Path baselineFile, String pluginVersion, GateLog log) {
    this.store = new UpToDateStore(stateDir);
    this.baselineFile = baselineFile;
    this.pluginVersion = pluginVersion;
    this.log = log;
  }

  /** Whether the analyzer's last recorded passing run had these inputs. */
  public boolean isUpToDate(AnalyzerConfig c, Fingerprint fingerprint) {
    return store.isUpToDate(c.stateKey(), fingerprint);
  }

  /** Why the analyzer runs again (what changed since its last passing run), when known. */
  public Optional<String> changes(AnalyzerConfig c, Fingerprint fingerprint) {
    return store.changes(c.stateKey(), fingerprint);
  }

  /** Records a passing run's inputs. */
  public void record(AnalyzerConfig c, Fingerprint fingerprint) {
    store.record(c.stateKey(), fingerprint);
  }

  /** Forgets the analyzer's last passing run (it failed or could not run). */
  public void invalidate(AnalyzerConfig c) {
    store.invalidate(c.stateKey());
  }

  /**
   * The version of the analyzer's executable: kept while the executable and the version command are
   * the same ({@link #versionStamp}), asked once per JVM and stamp (the modules of a reactor that
   * run one tool ask it once) and kept in the state directory for later builds.
   *
   * @param ask runs the version command
   * @throws QualityException when the version command fails
   */
  public String version(
      AnalyzerConfig c, ResolvedTool tool, SharedAnswers.Question<String, QualityException> ask)
      throws QualityException {
    return store.answer(c.stateKey() + "-version", versionStamp(c, tool), ask);
  }

  /** The executable and the version command; null (nothing kept) when it is not one file. */
  private static String versionStamp(AnalyzerConfig c, ResolvedTool tool) {
    Path exe = Path.of(tool.command().get(0));
    return exe.isAbsolute() && Files.isRegularFile(exe)
        ? FileStamps.of(List.of(exe), c.versionArgs())
        : null;
  }

  /**
   * The single run of the analyzer's previous SARIF report, or empty when it cannot be read (the
   * analyzer then runs again).
   */
  public Optional<SarifParser.Run> lastRun(AnalyzerConfig c, Path sarif) {
    try {
      List<SarifParser.Run> runs;
      try (var in = Files.newInputStream(sarif)) {
        runs =
            new SarifParser().parseRuns(in, new ParseContext(c.id(), c.repoRoot(), c.repoRoot()));
      }
      return runs.size() == 1 ? Optional.of(runs.get(0)) : Optional.empty();
    } catch (IOException | OutputParseException e) {
      log.debug(c.id() + ": cannot reuse " + sarif + " (" + e.getMessage() + "), running again");
      return Optional.empty();
    }
  }

  /**
   * The fingerprint of the analyzer's inputs.
   *
   * @throws QualityException when an input cannot be read
   */
  public Fingerprint fingerprint(AnalyzerConfig c, ResolvedTool tool) throws QualityException {
    Fingerprint.Builder b =
        Fingerprint.builder()
            .value("config", c.fingerprintValues())
            .secrets("env:", c.env())
            .value("plugin", pluginVersion)
            .value("command", tool.command())
            .value("executable", executableStamp(tool))
            .value("files", filesHex(c))
            .file(baselineFile);
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
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> f = treeHashes.putIfAbsent(key, mine);
    if (f == null) {
      try {
        mine.complete(contentHex(c.workingDir(), c.inputIncludes(), excludes, key));
      } catch (RuntimeException e) {
        mine.completeExceptionally(e);
      }
      f = mine;
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw new QualityException(
          "Cannot fingerprint the inputs of " + c.id() + ": " + e.getCause().getMessage(), e);
    }
  }

  /**
   * The content fingerprint of a tree, through a content-hash cache per tree in the state directory
   * (an unchanged file costs a stat, not a read).
   */
  private String contentHex(Path root, List<String> includes, List<String> excludes, String key) {
    String id = Fingerprint.builder().value("tree", key).build().hex().substring(0, 16);
    return Fingerprint.builder()
        .hashCache(store.dir().resolve("quality-inputs-" + id + ".hashes"))
        .files(root, includes, excludes)
        .build()
        .hex();
  }

  /** Size and modification time of the executable the command starts, so an upgrade re-runs. */
  private static String executableStamp(ResolvedTool tool) {
    String stamp = FileStamps.of(List.of(Path.of(tool.command().get(0))), List.of());
    return stamp == null ? "unknown" : stamp;
  }
}
