package dev.buildgate.docker.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.Executables;
import dev.buildgate.core.exec.PinnedVersion;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.exec.ResolvedTool;
import dev.buildgate.core.exec.ToolNotFoundException;
import dev.buildgate.core.exec.ToolRequest;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.finding.ContainerScanningReport;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.state.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  private static final Duration VERSION_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration KILL_MARGIN = Duration.ofSeconds(30);
  private static final int SAMPLE = 10;

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
  public ScanOutcome scan(ScanConfig config, List<ImageTarget> targets, ScanLog log) {
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
      loadIgnoreRules(config, targets, rules, allEntries, warnings);
      command = new TrivyCommand(config, resolve(config));
      prepareTrivy(config, command, log, version, db);
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

  /**
   * Checks Trivy's version and database and updates the databases once, before the scans.
   *
   * @param version receives the Trivy version (also when a later check fails)
   * @param db receives the vulnerability DB's metadata
   */
  private void prepareTrivy(
      ScanConfig config, TrivyCommand command, ScanLog log, String[] version, String[] db)
      throws ScanException {
    version[0] = checkVersion(config, command, log, db);
    if (!config.skipDbUpdate()) {
      download(config, command, false, log);
    }
    if (!config.skipJavaDbUpdate()) {
      download(config, command, true, log);
    }
    if (upToDate.enabled() && (!config.skipDbUpdate() || !config.skipJavaDbUpdate())) {
      checkVersion(config, command, ScanLog.NONE, db); // the metadata after the update
    }
    checkDatabase(config);
  }

  /** Skips the unchanged images, scans the others concurrently and collects the verdicts. */
  private ScanOutcome scanPrepared(
      ScanConfig config, List<ImageTarget> targets, ScanLog log, Prepared prep) {
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
    entryWarnings(config, prep.allEntries(), allScanned, warnings);
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
      ScanLog log,
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
      ScanLog log,
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
      ScanLog log)
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
            .timeout(config.timeout().plus(KILL_MARGIN))
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
    return evaluate(config, t, rules, json, sarif, version, duration, true);
  }

  /**
   * The verdict of the image's last scan, re-read from its JSON report (the SARIF is left as it
   * is), or null when the report cannot be read or no longer passes: then the image is scanned.
   */
  private static ImageScanResult lastVerdict(
      ScanConfig config, ImageTarget t, IgnoreRules rules, Path json, String version) {
    try {
      ImageScanResult r =
          evaluate(config, t, rules, json, sarifFile(config, t), version, Duration.ZERO, false);
      return r.verdict() == ScanVerdict.PASSED ? r.asUpToDate() : null;
    } catch (ScanException | RuntimeException e) {
      return null;
    }
  }

  private static ImageScanResult evaluate(
      ScanConfig config,
      ImageTarget t,
      IgnoreRules rules,
      Path json,
      Path sarif,
      String version,
      Duration duration,
      boolean writeSarif)
      throws ScanException {
    EnumMap<VulnSeverity, Integer> counts = new EnumMap<>(VulnSeverity.class);
    int[] fixable = {0};
    int[] ignored = {0};
    int[] blocking = {0};
    List<String> sample = new ArrayList<>();
    Map<String, Rule> sarifRules = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    String location = ImageTarget.repositoryOf(t.ref() == null ? t.name() : t.ref());
    ScanPolicy policy = config.policy();
    TrivyReport report =
        TrivyReportParser.parse(
            json,
            v -> {
              IgnoreEntry ignoredBy = rules.ignoring(v, config.today());
              if (ignoredBy != null) {
                ignored[0]++;
                return;
              }
              counts.merge(v.severity(), 1, Integer::sum);
              if (v.fixable()) {
                fixable[0]++;
              }
              boolean blocks = policy.blocks(v);
              if (blocks) {
                blocking[0]++;
                if (sample.size() < SAMPLE) {
                  sample.add(
                      v.id()
                          + " "
                          + v.severity()
                          + " "
                          + v.pkgName()
                          + " "
                          + v.installedVersion()
                          + (v.fixable() && v.fixedVersion() != null && !v.fixedVersion().isBlank()
                              ? " -> " + v.fixedVersion()
                              : " (no fix)"));
                }
              }
              sarifRules.computeIfAbsent(
                  v.id(), id -> new Rule(id, id, v.title(), v.primaryUrl(), v.severity().toCore()));
              findings.add(finding(t, v, location, blocks));
            });
    if (writeSarif) {
      ScanSarif.writeResults(sarif, version, t, new ArrayList<>(sarifRules.values()), findings);
    }
    ContainerScanningReport.writePart(
        findings,
        t.ref() == null ? t.name() : t.ref(),
        report.os(),
        config.reportDir().resolve("trivy-" + t.fileName() + ContainerScanningReport.PART_SUFFIX));
    return new ImageScanResult(
        t,
        blocking[0] > 0 ? ScanVerdict.FAILED : ScanVerdict.PASSED,
        counts,
        fixable[0],
        ignored[0],
        blocking[0],
        sample,
        null,
        sarif,
        json,
        duration,
        report.os());
  }

  private static Finding finding(
      ImageTarget t, TrivyVulnerability v, String location, boolean blocks) {
    String fixed = v.fixedVersion() == null || v.fixedVersion().isBlank() ? null : v.fixedVersion();
    StringBuilder msg =
        new StringBuilder()
            .append("Package: ")
            .append(v.pkgName())
            .append("\nInstalled Version: ")
            .append(v.installedVersion())
            .append("\nVulnerability ")
            .append(v.id())
            .append("\nSeverity: ")
            .append(v.severity())
            .append("\nFixed Version: ")
            .append(
                fixed == null
                    ? "none (" + (v.status() == null ? "unknown" : v.status()) + ")"
                    : fixed)
            .append("\nImage: ")
            .append(t.ref());
    if (v.title() != null) {
      msg.append("\n").append(v.title());
    }
    Finding.Builder b =
        Finding.builder(ScanSarif.TOOL, v.id())
            .severity(v.severity().toCore())
            .file(location)
            .line(1)
            .message(msg.toString())
            .helpUri(v.primaryUrl())
            .property("image", t.name())
            .property("package", v.pkgName())
            .property("installedVersion", String.valueOf(v.installedVersion()))
            .property("fixedVersion", fixed == null ? "" : fixed)
            .property("status", v.status() == null ? "" : v.status())
            .property("target", v.target())
            .property("blocking", String.valueOf(blocks));
    if (v.purl() != null) {
      b.property("purl", v.purl());
    }
    if (v.cvss3Score() >= 0) {
      b.property("security-severity", String.format(Locale.ROOT, "%.1f", v.cvss3Score()));
    }
    return b.build();
  }

  private static Path sarifFile(ScanConfig config, ImageTarget t) {
    return config.reportDir().resolve("trivy-" + t.fileName() + ".sarif");
  }

  private static Path jsonFile(ScanConfig config, ImageTarget t) {
    return config.reportDir().resolve("trivy-" + t.fileName() + ".json");
  }

  private static void loadIgnoreRules(
      ScanConfig config,
      List<ImageTarget> targets,
      Map<String, IgnoreRules> rules,
      List<IgnoreEntry> all,
      List<String> warnings)
      throws ScanException {
    Map<Path, List<IgnoreEntry>> loaded = new LinkedHashMap<>();
    List<IgnoreEntry> shared = new ArrayList<>();
    for (Path p : config.ignoreFiles()) {
      shared.addAll(load(config, p, loaded));
    }
    Set<String> names = new LinkedHashSet<>();
    for (ImageTarget t : targets) {
      names.add(t.name());
      List<IgnoreEntry> own = new ArrayList<>();
      for (Path p : config.imageIgnoreFiles().getOrDefault(t.name(), List.of())) {
        own.addAll(load(config, p, loaded));
      }
      rules.put(t.name(), new IgnoreRules(shared).plus(own));
    }
    for (String name : config.imageIgnoreFiles().keySet()) {
      if (!names.contains(name)) {
        warnings.add(
            "imageIgnoreFiles names image '"
                + name
                + "' which is not among the scanned images "
                + names
                + ": fix the name");
      }
    }
    loaded.values().forEach(all::addAll);
    for (IgnoreEntry e : all) {
      if (e.expires() == null) {
        continue;
      }
      long days = ChronoUnit.DAYS.between(config.today(), e.expires());
      if (e.expiredOn(config.today())) {
        warnings.add(
            "Trivy ignore entry "
                + e.id()
                + " ("
                + e.source()
                + ") expired on "
                + e.expires()
                + " and no longer ignores anything: fix the vulnerability or renew the date");
      } else if (days <= config.expiryWarningDays()) {
        warnings.add(
            "Trivy ignore entry "
                + e.id()
                + " ("
                + e.source()
                + ") expires on "
                + e.expires()
                + " (in "
                + days
                + " day"
                + (days == 1 ? "" : "s")
                + "): after that the finding fails the gate again");
      }
    }
  }

  private static List<IgnoreEntry> load(
      ScanConfig config, Path p, Map<Path, List<IgnoreEntry>> loaded) throws ScanException {
    Path abs = p.isAbsolute() ? p.normalize() : config.projectDir().resolve(p).normalize();
    List<IgnoreEntry> existing = loaded.get(abs);
    if (existing != null) {
      return existing;
    }
    String display =
        abs.startsWith(config.projectDir())
            ? config.projectDir().relativize(abs).toString()
            : abs.toString();
    List<IgnoreEntry> entries = IgnoreRules.load(abs, display);
    loaded.put(abs, entries);
    return entries;
  }

  private static void entryWarnings(
      ScanConfig config, List<IgnoreEntry> all, boolean allScanned, List<String> warnings) {
    if (!allScanned) {
      return;
    }
    for (IgnoreEntry e : all) {
      if (e.expiredOn(config.today())) {
        if (e.expiredHits() > 0) {
          warnings.add(
              "Expired Trivy ignore entry "
                  + e.id()
                  + " ("
                  + e.source()
                  + ") matched "
                  + e.expiredHits()
                  + " finding(s) that now count again");
        }
        continue;
      }
      if (e.matches() == 0) {
        warnings.add(
            "Trivy ignore entry "
                + e.id()
                + " ("
                + e.source()
                + ") matched no vulnerability in any scanned image: remove it if it is no longer needed");
      }
    }
  }

  /** The command prefix for the runner: the trivy binary, or docker for the image runner. */
  private static List<String> resolve(ScanConfig config) throws ScanException {
    if (config.runner() == TrivyRunner.IMAGE) {
      Optional<Path> docker = Executables.find("docker", config.env());
      if (docker.isEmpty()) {
        throw new ScanException(
            "Cannot run Trivy in image "
                + config.trivyImage()
                + ": docker is not on PATH ("
                + Executables.pathOf(config.env())
                + "): install Docker or use <trivyRunner>BINARY</trivyRunner>");
      }
      return List.of(docker.get().toString());
    }
    ToolRequest req =
        ToolRequest.builder("trivy")
            .configuredPath(config.trivyPath())
            .version(config.trivyVersion())
            .runner(dev.buildgate.core.exec.ToolRunner.PATH)
            .projectDir(config.projectDir())
            .build();
    try {
      ResolvedTool tool =
          new ToolResolver(
                  (s, sink) -> {
                    throw new ExecException("not used");
                  },
                  config.env())
              .resolve(req);
      return tool.command();
    } catch (ToolNotFoundException e) {
      String want = config.trivyVersion() != null ? "Trivy " + config.trivyVersion() : "Trivy";
      if (config.trivyPath() != null) {
        throw new ScanException(
            "Trivy not found: the configured trivyPath "
                + config.trivyPath()
                + " does not exist or is not executable: fix <trivyPath> (buildgate.docker.scan.trivyPath)"
                + " or remove it to use trivy from PATH",
            e);
      }
      throw new ScanException(
          "Trivy not found: no trivy on PATH ("
              + Executables.pathOf(config.env())
              + "): install "
              + want
              + " (https://trivy.dev), set <trivyPath> (buildgate.docker.scan.trivyPath), or use"
              + " <trivyRunner>IMAGE</trivyRunner> to run "
              + config.trivyImage()
              + " through the Docker daemon",
          e);
    }
  }

  /** Downloads (or refreshes) a database once, before the concurrent scans. */
  private void download(ScanConfig config, TrivyCommand command, boolean javaDb, ScanLog log)
      throws ScanException {
    List<String> argv = command.downloadArgv(javaDb);
    log.info(
        "Updating Trivy's " + (javaDb ? "Java DB" : "vulnerability DB") + " once before the scans");
    ProcessResult r;
    try {
      r =
          runner.run(
              ProcessSpec.builder(argv)
                  .env(config.network().toolEnv())
                  .secrets(config.network().secrets())
                  .timeout(config.timeout().plus(KILL_MARGIN))
                  .maxCaptureBytes(64 * 1024)
                  .build(),
              (stream, line) -> log.info("[trivy] " + line));
    } catch (ProcessTimeoutException e) {
      throw new ScanException(
          "Trivy's "
              + (javaDb ? "Java DB" : "vulnerability DB")
              + " download timed out after "
              + TrivyCommand.goDuration(config.timeout())
              + ": check the network or set skipDbUpdate with a provided database",
          e);
    } catch (ExecException e) {
      throw new ScanException("Trivy could not run: " + e.getMessage(), e);
    }
    if (r.exitCode() != 0) {
      throw new ScanException(TrivyErrors.downloadFailed(r, config, javaDb));
    }
  }

  /**
   * What {@code trivy version --format json} says: the version and the vulnerability DB's metadata.
   *
   * @param version the version found
   * @param hasDb whether a vulnerability DB is there
   * @param dbMetadata the DB (and Java DB) metadata as Trivy prints it, or null
   * @param dbSchema the DB schema version ({@code ?} when unknown)
   * @param dbUpdatedAt when the DB was built ({@code ?} when unknown)
   */
  record TrivyVersion(
      String version, boolean hasDb, String dbMetadata, String dbSchema, String dbUpdatedAt) {

    /** One line for the state directory, or null when a field cannot be kept on one line. */
    String line() {
      String[] f = {
        version,
        hasDb ? "1" : "0",
        dbSchema,
        dbUpdatedAt,
        dbMetadata == null ? "" : "=" + dbMetadata
      };
      for (String x : f) {
        if (x == null || x.indexOf('\t') >= 0 || x.indexOf('\n') >= 0 || x.indexOf('\r') >= 0) {
          return null;
        }
      }
      return String.join("\t", f);
    }

    static TrivyVersion parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != 5 || f[0].isEmpty() || !(f[1].equals("0") || f[1].equals("1"))) {
        return null;
      }
      return new TrivyVersion(
          f[0], f[1].equals("1"), f[4].startsWith("=") ? f[4].substring(1) : null, f[2], f[3]);
    }
  }

  /**
   * Trivy's cache directory on this machine: the configured one, else where Trivy puts it ({@code
   * TRIVY_CACHE_DIR}, {@code $XDG_CACHE_HOME/trivy}, {@code ~/.cache/trivy}); null for the image
   * runner without a configured cache (the cache is inside the container) or when unknown.
   */
  static Path hostCacheDir(ScanConfig config) {
    if (config.cacheDir() != null) {
      return config.cacheDir();
    }
    if (config.runner() != TrivyRunner.BINARY) {
      return null;
    }
    Map<String, String> env = config.env();
    String dir = env.get("TRIVY_CACHE_DIR");
    String xdg = env.get("XDG_CACHE_HOME");
    String home = env.get("HOME");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    } else if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "trivy");
    } else if (home != null && !home.isBlank()) {
      return Path.of(home, ".cache", "trivy");
    }
    return null;
  }

  /**
   * Fails closed on a damaged vulnerability database (see {@link TrivyDbCheck}): Trivy itself reads
   * a truncated file as fewer advisories, or panics.
   */
  static void checkDatabase(ScanConfig config) throws ScanException {
    Path cache = hostCacheDir(config);
    if (cache == null) {
      return; // inside the Trivy container: Trivy's own checks only
    }
    Path db = cache.resolve("db");
    try {
      TrivyDbCheck.check(db);
    } catch (TrivyDbCheck.DamagedException e) {
      throw new ScanException(TrivyErrors.damagedDatabase(config, db, e.getMessage()));
    } catch (IOException e) {
      throw new ScanException(TrivyErrors.damagedDatabase(config, db, "unreadable: " + e));
    }
  }

  /**
   * The stamp under which the {@code trivy version} answer is kept: the binary and the metadata
   * files of both databases by path, size and modification time, the argv and the environment Trivy
   * reads. Null (ask Trivy) for the image runner, a binary that is not an absolute path or a file
   * modified in the last two seconds.
   */
  static String versionStamp(ScanConfig config, List<String> argv) {
    if (config.runner() != TrivyRunner.BINARY || argv.isEmpty()) {
      return null;
    }
    Path exe = Path.of(argv.get(0));
    if (!exe.isAbsolute()) {
      return null;
    }
    Map<String, String> env = config.env();
    Path cache = hostCacheDir(config);
    if (cache == null) {
      return null;
    }
    List<String> values = new ArrayList<>(argv);
    new java.util.TreeMap<>(env)
        .forEach(
            (k, v) -> {
              if (k.startsWith("TRIVY_") || k.equals("HOME") || k.equals("XDG_CACHE_HOME")) {
                values.add(k + "=" + v);
              }
            });
    return dev.buildgate.core.state.FileStamps.of(
        List.of(
            exe,
            cache.resolve("db").resolve("metadata.json"),
            cache.resolve("java-db").resolve("metadata.json")),
        values);
  }

  /**
   * Runs {@code trivy version --format json} (or reuses its answer while the binary and the
   * database metadata are unchanged); checks the pinned version and the database.
   */
  private String checkVersion(ScanConfig config, TrivyCommand command, ScanLog log, String[] dbOut)
      throws ScanException {
    List<String> argv = command.versionArgv();
    String stamp = versionStamp(config, argv);
    TrivyVersion v = upToDate.trivyVersion(stamp).map(TrivyVersion::parse).orElse(null);
    if (v == null) {
      v = askVersion(argv);
      String line = v.line();
      if (line != null) {
        upToDate.recordTrivyVersion(stamp, line);
      }
    }
    String found = v.version();
    String pinned = config.trivyVersion();
    if (!PinnedVersion.accepts(pinned, found)) {
      throw new ScanException(
          "Wrong Trivy version: found "
              + found
              + " ("
              + String.join(" ", argv.subList(0, Math.max(1, argv.size() - 3)))
              + ") but "
              + pinned
              + " is pinned (buildgate.docker.scan.trivyVersion): install Trivy "
              + pinned
              + ", point <trivyPath> at it, or change <trivyVersion>");
    }
    if (config.skipDbUpdate() && !v.hasDb()) {
      throw new ScanException(TrivyErrors.noDatabase(config));
    }
    if (v.dbMetadata() != null) {
      dbOut[0] = v.dbMetadata();
      log.info(
          "Trivy "
              + found
              + ", vulnerability DB schema "
              + v.dbSchema()
              + " updated "
              + v.dbUpdatedAt()
              + (config.cacheDir() != null ? " (" + config.cacheDir().resolve("db") + ")" : ""));
    }
    return found;
  }

  private TrivyVersion askVersion(List<String> argv) throws ScanException {
    ProcessResult r;
    try {
      r =
          runner.run(
              ProcessSpec.builder(argv).timeout(VERSION_TIMEOUT).maxCaptureBytes(64 * 1024).build(),
              dev.buildgate.core.exec.LineSink.NONE);
    } catch (ProcessTimeoutException e) {
      throw new ScanException(
          "'"
              + String.join(" ", argv)
              + "' did not answer within "
              + VERSION_TIMEOUT.toSeconds()
              + "s",
          e);
    } catch (ExecException e) {
      throw new ScanException("Trivy could not run: " + e.getMessage(), e);
    }
    if (r.exitCode() != 0) {
      throw new ScanException(
          "'"
              + String.join(" ", argv)
              + "' failed with exit code "
              + r.exitCode()
              + ": "
              + TrivyErrors.fatalLine(r));
    }
    String found = null;
    JsonNode db = null;
    JsonNode javaDb = null;
    try {
      JsonNode v = InputLimits.jsonMapper().readTree(r.stdout());
      if (v != null && v.path("Version").isTextual()) {
        found = v.path("Version").asText();
        db = v.path("VulnerabilityDB");
        javaDb = v.path("JavaDB");
      }
    } catch (IOException e) {
      // not JSON: older Trivy; fall back to the text
    }
    if (found == null) {
      found = ToolResolver.parseVersion(r.stdout()).orElse(null);
    }
    if (found == null) {
      throw new ScanException(
          "Cannot tell the Trivy version: '"
              + String.join(" ", argv)
              + "' printed no version ("
              + r.outputTail(2).replace('\n', ' ').trim()
              + ")");
    }
    boolean hasDb = db != null && !db.isMissingNode() && !db.isNull();
    if (db != null && db.isObject()) {
      return new TrivyVersion(
          found,
          hasDb,
          db + (javaDb != null && javaDb.isObject() ? " java " + javaDb : ""),
          db.path("Version").asText("?"),
          db.path("UpdatedAt").asText("?"));
    }
    return new TrivyVersion(found, hasDb, null, "?", "?");
  }
}
