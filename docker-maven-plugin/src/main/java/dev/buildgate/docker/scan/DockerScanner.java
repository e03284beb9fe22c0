package dev.buildgate.docker.scan;

import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.state.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code docker:scan}: checks Trivy (found, pinned version, database), scans every image
 * concurrently, decides each verdict from the JSON report with the {@link ScanPolicy} and the
 * ignore files, and writes {@code trivy-<image>.json} and {@code trivy-<image>.sarif} (always, also
 * when the scan could not run). Never throws for a scan problem: every problem becomes an {@link
 * ScanVerdict#ERROR} result with a one-line message, so the caller can write the summary first and
 * then fail.
 */
public final class DockerScanner {

  private final ProcessRunner runner;
  private final ScanUpToDate upToDate;

  /** Creates a scanner that runs processes with {@code runner} and scans every image. */
  public DockerScanner(ProcessRunner runner) {
    this(runner, ScanUpToDate.OFF);
  }

  /**
   * Creates a scanner that skips images whose last passing scan had the same inputs.
   *
   * @param runner runs Trivy
   * @param upToDate the up-to-date check ({@link ScanUpToDate#OFF}: scan every image)
   */
  public DockerScanner(ProcessRunner runner, ScanUpToDate upToDate) {
    this.runner = runner;
    this.upToDate = upToDate == null ? ScanUpToDate.OFF : upToDate;
  }

  /**
   * What the checks before the scans found: the ignore rules per image, the Trivy command and
   * version, the database metadata and the warnings so far.
   */
  private record Prepared(
      Path emptyIgnore,
      Map<String, IgnoreRules> rules,
      List<IgnoreEntry> allEntries,
      List<String> warnings,
      TrivyCommand command,
      String version,
      String db) {}

  /**
   * Scans the images.
   *
   * @param config the configuration
   * @param targets the images (not-scannable ones become {@link ScanVerdict#NOT_SCANNED})
   * @param log the log
   * @return one result per target, the ignore-file warnings and the Trivy version
   */
  public ScanOutcome scan(ScanConfig config, List<ImageTarget> targets, GateLog log) {
    Path work = config.reportDir().resolve(".trivy");
    Path emptyIgnore = work.resolve("empty.trivyignore");
    List<String> warnings = new ArrayList<>();
    Map<String, IgnoreRules> rules = new HashMap<>();
    List<IgnoreEntry> allEntries = new ArrayList<>();
    String[] version = new String[1];
    String[] db = new String[1];
    TrivyCommand command;
    try {
      Files.createDirectories(work);
      Files.write(emptyIgnore, new byte[0]);
      checkUniqueNames(targets);
      IgnoreFiles.loadIgnoreRules(config, targets, rules, allEntries, warnings);
      command = new TrivyCommand(config, TrivySetup.resolve(config));
      new TrivySetup(runner, upToDate).prepare(config, command, log, version, db);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to " + work + ": " + e, e);
    } catch (ScanException e) {
      List<ImageScanResult> results = new ArrayList<>();
      for (ImageTarget t : targets) {
        results.add(preflightFailed(config, t, e.getMessage(), version[0]));
      }
      warnings.forEach(log::warn);
      return new ScanOutcome(results, warnings, version[0]);
    }
    return scanPrepared(
        config,
        targets,
        log,
        new Prepared(emptyIgnore, rules, allEntries, warnings, command, version[0], db[0]));
  }

  /** Skips the unchanged images, scans the others concurrently and collects the verdicts. */
  private ScanOutcome scanPrepared(
      ScanConfig config, List<ImageTarget> targets, GateLog log, Prepared prep) {
    List<ImageTarget> scannable = targets.stream().filter(ImageTarget::scannable).toList();
    // Trivy's file-system layer cache admits one process at a time: concurrent scans use memory.
    boolean memoryCache =
        config.cacheBackend().equals("memory")
            || (config.cacheBackend().equals("auto")
                && Math.min(config.parallelism(), scannable.size()) > 1);
    // keyed by identity: the targets are distinct instances (names are unique), and a record's
    // hashCode would cost every build its bootstrap
    Map<ImageTarget, ImageScanResult> unchanged = new IdentityHashMap<>();
    Map<ImageTarget, Fingerprint> fingerprints = new IdentityHashMap<>();
    if (upToDate.enabled()) {
      checkUpToDate(config, scannable, log, prep, memoryCache, unchanged, fingerprints);
    }
    List<ImageTarget> toScan = scannable.stream().filter(t -> !unchanged.containsKey(t)).toList();
    if (!toScan.isEmpty()) {
      log.info(
          "Scanning "
              + toScan.size()
              + " image(s) with Trivy "
              + prep.version()
              + " ("
              + Math.min(config.parallelism(), Math.max(1, toScan.size()))
              + " at a time); gate: "
              + config.policy().describe());
    }
    List<ImageScanResult> results =
        scanAll(config, targets, toScan, unchanged, log, prep, memoryCache);
    recordVerdicts(results, fingerprints);
    List<String> warnings = prep.warnings();
    warnings.addAll(unscannedOsWarnings(results));
    boolean allScanned = results.stream().noneMatch(r -> r.verdict() == ScanVerdict.ERROR);
    IgnoreFiles.entryWarnings(config, prep.allEntries(), allScanned, warnings);
    warnings.forEach(log::warn);
    return new ScanOutcome(results, warnings, prep.version());
  }

  /**
   * Finds the images whose last passing scan had the same inputs ({@code unchanged}, with that
   * verdict) and fingerprints the others.
   */
  private void checkUpToDate(
      ScanConfig config,
      List<ImageTarget> scannable,
      GateLog log,
      Prepared prep,
      boolean memoryCache,
      Map<ImageTarget, ImageScanResult> unchanged,
      Map<ImageTarget, Fingerprint> fingerprints) {
    for (ImageTarget t : scannable) {
      IgnoreRules r = prep.rules().getOrDefault(t.name(), IgnoreRules.NONE);
      Path json = jsonFile(config, t);
      Optional<Fingerprint> fp =
          ScanUpToDate.fingerprint(
              config,
              t,
              r,
              prep.version(),
              prep.db(),
              prep.command().scanArgv(t, json, prep.emptyIgnore(), memoryCache));
      if (fp.isEmpty()) {
        continue;
      }
      fingerprints.put(t, fp.get());
      if (upToDate.isUpToDate(t, fp.get(), json, sarifFile(config, t))) {
        ImageScanResult last = lastVerdict(config, t, r, json, prep.version());
        if (last != null) {
          unchanged.put(t, last);
          continue;
        }
      }
      log.info(t.name() + ": scanning (" + upToDate.reason(t, fp.get()) + ")");
    }
    if (!unchanged.isEmpty()) {
      log.info(
          "docker:scan UP-TO-DATE: "
              + scannable.stream().filter(unchanged::containsKey).map(ImageTarget::name).toList()
              + " passed their last scan with the same image, Trivy, DB, ignore files and policy;"
              + " not scanned again (-Dbuildgate.docker.scan.upToDateCheck=false to scan)");
    }
  }

  /** Scans {@code toScan} concurrently; one result per target, in order. */
  private List<ImageScanResult> scanAll(
      ScanConfig config,
      List<ImageTarget> targets,
      List<ImageTarget> toScan,
      Map<ImageTarget, ImageScanResult> unchanged,
      GateLog log,
      Prepared prep,
      boolean memoryCache) {
    Map<ImageTarget, Future<ImageScanResult>> futures = new IdentityHashMap<>();
    ExecutorService pool =
        DaemonPool.fixed(Math.min(config.parallelism(), toScan.size()), "buildgate-trivy");
    try {
      for (ImageTarget t : toScan) {
        IgnoreRules r = prep.rules().getOrDefault(t.name(), IgnoreRules.NONE);
        futures.put(
            t,
            pool.submit(
                () ->
                    scanOne(
                        config,
                        prep.command(),
                        t,
                        r,
                        prep.emptyIgnore(),
                        memoryCache,
                        prep.version(),
                        log)));
      }
      List<ImageScanResult> results = new ArrayList<>();
      for (ImageTarget t : targets) {
        ImageScanResult same = unchanged.get(t);
        Future<ImageScanResult> f = futures.get(t);
        results.add(
            same != null ? same : f == null ? notScanned(t) : await(config, t, f, prep.version()));
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("docker:scan interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static ImageScanResult notScanned(ImageTarget t) {
    return ImageScanResult.without(
        t,
        ScanVerdict.NOT_SCANNED,
        "build " + t.buildStatus() + (t.buildError() != null ? ": " + t.buildError() : ""),
        null);
  }

  private static ImageScanResult await(
      ScanConfig config, ImageTarget t, Future<ImageScanResult> f, String trivyVersion)
      throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      String msg = "Scan of " + t.name() + " failed unexpectedly: " + c;
      Path sarif = sarifFile(config, t);
      ScanSarif.writeError(sarif, trivyVersion, t, msg);
      return ImageScanResult.without(t, ScanVerdict.ERROR, msg, sarif);
    }
  }

  /** Records each passing scan's inputs; any other verdict forgets the image's last scan. */
  private void recordVerdicts(
      List<ImageScanResult> results, Map<ImageTarget, Fingerprint> fingerprints) {
    for (ImageScanResult r : results) {
      if (upToDate.enabled() && !r.upToDate() && r.target().scannable()) {
        Fingerprint fp = fingerprints.get(r.target());
        if (r.verdict() == ScanVerdict.PASSED && fp != null) {
          upToDate.record(r.target(), fp); // only a passing scan is ever recorded
        } else {
          upToDate.invalidate(r.target());
        }
      }
    }
  }

  /** A passed image in which Trivy found no OS and no package: its OS packages went unchecked. */
  private static List<String> unscannedOsWarnings(List<ImageScanResult> results) {
    List<String> warnings = new ArrayList<>();
    for (ImageScanResult r : results) {
      if (r.verdict() == ScanVerdict.PASSED
          && r.os() == null
          && r.total() == 0
          && r.ignored() == 0) {
        warnings.add(
            "Trivy detected no OS and no vulnerable packages in "
                + r.target().name()
                + " ("
                + r.target().ref()
                + "): its OS packages were not checked (distroless/scratch/busybox image?)");
      }
    }
    return warnings;
  }

  /** Two images writing the same trivy-<name>.sarif would overwrite each other's verdict. */
  private static void checkUniqueNames(List<ImageTarget> targets) throws ScanException {
    Map<String, String> seen = new HashMap<>();
    for (ImageTarget t : targets) {
      String other = seen.putIfAbsent(t.fileName(), t.ref());
      if (other != null) {
        throw new ScanException(
            "Two images map to the same report trivy-"
                + t.fileName()
                + ".sarif ("
                + other
                + " and "
                + t.ref()
                + "): give the images distinct names");
      }
    }
  }

  private ImageScanResult preflightFailed(
      ScanConfig config, ImageTarget t, String message, String version) {
    if (!t.scannable()) {
      return notScanned(t);
    }
    Path sarif = sarifFile(config, t);
    ScanSarif.writeError(sarif, version, t, message);
    return ImageScanResult.without(t, ScanVerdict.ERROR, message, sarif);
  }

  private ImageScanResult scanOne(
      ScanConfig config,
      TrivyCommand command,
      ImageTarget t,
      IgnoreRules rules,
      Path emptyIgnore,
      boolean memoryCache,
      String version,
      GateLog log)
      throws IOException {
    Path json = jsonFile(config, t);
    Path sarif = sarifFile(config, t);
    Files.deleteIfExists(json);
    long start = System.nanoTime();
    ProcessSpec spec =
        ProcessSpec.builder(command.scanArgv(t, json, emptyIgnore, memoryCache))
            .env(config.daemonEnv())
            .env(config.network().toolEnv())
            .secrets(config.network().secrets())
            .workingDir(emptyIgnore.getParent())
            .timeout(config.timeout().plus(TrivySetup.KILL_MARGIN))
            .maxCaptureBytes(256 * 1024)
            .build();
    String error = null;
    AtomicReference<String> crash = new AtomicReference<>();
    try {
      ProcessResult r =
          runner.run(
              spec,
              (stream, line) -> {
                // a Go panic's stack goes to the log file below, not the console
                if (crash.get() == null && !TrivyErrors.startsCrash(line)) {
                  log.info("[trivy " + t.name() + "] " + line);
                } else {
                  crash.compareAndSet(null, line.strip());
                }
              });
      if (r.exitCode() != 0 && crash.get() != null) {
        Path output = config.reportDir().resolve("trivy-" + t.fileName() + ".log");
        AtomicFiles.writeString(output, r.stdout() + r.stderr());
        error = TrivyErrors.crashed(t, config, crash.get(), output);
      } else if (r.exitCode() != 0) {
        error = TrivyErrors.explain(r, t, config);
      }
    } catch (ProcessTimeoutException e) {
      error = TrivyErrors.timedOut(t, config);
    } catch (ExecException e) {
      error = "Trivy could not run for " + t.name() + ": " + e.getMessage();
    }
    if (error == null) {
      try {
        return evaluate(
            config, t, rules, json, sarif, version, Duration.ofNanos(System.nanoTime() - start));
      } catch (ScanException e) {
        error = e.getMessage();
      }
    }
    ScanSarif.writeError(sarif, version, t, error);
    return new ImageScanResult(
        t,
        ScanVerdict.ERROR,
        Map.of(),
        0,
        0,
        0,
        List.of(),
        error,
        sarif,
        Files.exists(json) ? json : null,
        Duration.ofNanos(System.nanoTime() - start),
        null);
  }

  /**
   * Decides the verdict of one Trivy JSON report (streamed) with the policy of {@code config} and
   * {@code rules}, and writes its SARIF.
   *
   * @throws ScanException when the report is unparseable
   */
  public static ImageScanResult evaluate(
      ScanConfig config,
      ImageTarget t,
      IgnoreRules rules,
      Path json,
      Path sarif,
      String version,
      Duration duration)
      throws ScanException {
    return ReportEvaluation.evaluate(config, t, rules, json, sarif, version, duration, true);
  }

  /**
   * The verdict of the image's last scan, re-read from its JSON report (the SARIF is left as it
   * is), or null when the report cannot be read or no longer passes: then the image is scanned.
   */
  private static ImageScanResult lastVerdict(
      ScanConfig config, ImageTarget t, IgnoreRules rules, Path json, String version) {
    try {
      ImageScanResult r =
          ReportEvaluation.evaluate(
              config, t, rules, json, sarifFile(config, t), version, Duration.ZERO, false);
      return r.verdict() == ScanVerdict.PASSED ? r.asUpToDate() : null;
    } catch (ScanException | RuntimeException e) {
      return null;
    }
  }

  private static Path sarifFile(ScanConfig config, ImageTarget t) {
    return config.reportDir().resolve("trivy-" + t.fileName() + ".sarif");
  }

  private static Path jsonFile(ScanConfig config, ImageTarget t) {
    return config.reportDir().resolve("trivy-" + t.fileName() + ".json");
  }
}
