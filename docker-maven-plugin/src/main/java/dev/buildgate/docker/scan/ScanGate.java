package dev.buildgate.docker.scan;

import dev.buildgate.core.ci.GitHubWorkflow;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code docker:scan}, the gate around the {@link DockerScanner}: builds the configuration, reads
 * the targets, scans, writes the reports (GitLab's container scanning report, the console table,
 * GitHub annotations) and the image section of the pipeline summary in every case (skipped, could
 * not run, failed, passed), then gives the verdict.
 */
public final class ScanGate {

  private final Path buildgateDir;
  private final GateLog log;
  private final PipelineSummary summary;

  /**
   * @param buildgateDir {@code target/buildgate} (summary, state)
   * @param log the build log
   */
  public ScanGate(Path buildgateDir, GateLog log) {
    this.buildgateDir = buildgateDir;
    this.log = log;
    this.summary = new PipelineSummary(buildgateDir);
  }

  /**
   * Records a skipped scan: SKIPPED, never passed, with the images it would have scanned.
   *
   * @param property the property that skipped it, e.g. {@code buildgate.docker.scan.skip}
   * @param targets the images it would have scanned
   * @param policy the gate it would have applied
   */
  public void skipped(String property, ScanTargets targets, ScanPolicy policy) {
    List<ImageScanResult> skipped = new ArrayList<>();
    for (ImageTarget t : targets.resolveOrEmpty(log)) {
      skipped.add(ImageScanResult.without(t, ScanVerdict.SKIPPED, property, null));
    }
    section(
        StepStatus.SKIPPED,
        "Image scan SKIPPED ("
            + property
            + "): no verdict.\n\n"
            + (skipped.isEmpty() ? "" : ScanReports.markdown(skipped, policy, null)));
  }

  /**
   * Records a scan that could not start (e.g. an invalid proxy in settings.xml): FAILED.
   *
   * @param message the one-line error
   */
  public void couldNotRun(String message) {
    section(StepStatus.FAILED, message);
  }

  /**
   * Scans.
   *
   * @param config builds the configuration (the builder validates; its error fails the scan)
   * @param targets what to scan
   * @param runner runs Trivy
   * @param upToDateCheck skip images whose last passing scan had the same inputs
   * @param pluginVersion the plugin's version (GitLab's report)
   * @param out where GitHub annotations go
   * @return the outcome of a passed scan
   * @throws ScanException the scan could not run (invalid configuration, nothing to scan, Trivy
   *     missing or failing): one line
   * @throws GateFailedException an image has a blocking vulnerability
   */
  public ScanOutcome run(
      Supplier<ScanConfig> config,
      ScanTargets targets,
      ProcessRunner runner,
      boolean upToDateCheck,
      String pluginVersion,
      PrintStream out)
      throws ScanException, GateFailedException {
    ScanConfig cfg = config(config);
    List<ImageTarget> images;
    try {
      images = targets.resolve(log);
    } catch (ScanException e) {
      section(StepStatus.FAILED, e.getMessage());
      throw e;
    }
    ScanUpToDate upToDate =
        upToDateCheck ? new ScanUpToDate(buildgateDir.resolve("state")) : ScanUpToDate.OFF;
    LocalDateTime start = LocalDateTime.now();
    ScanOutcome outcome = new DockerScanner(runner, upToDate).scan(cfg, images, log);
    report(cfg, outcome, pluginVersion, start, out);
    if (outcome.hasErrors()) {
      throw new ScanException("docker:scan could not run: " + outcome.firstError());
    }
    if (outcome.hasFailures()) {
      throw new GateFailedException(failure(cfg, outcome));
    }
    return outcome;
  }

  private ScanConfig config(Supplier<ScanConfig> config) throws ScanException {
    try {
      return config.get();
    } catch (IllegalArgumentException e) {
      String message =
          "Invalid docker:scan configuration: "
              + e.getMessage()
              + " (trivyRunner: BINARY or IMAGE; severities: e.g. CRITICAL,HIGH; scanTimeout: e.g. 5m)";
      section(StepStatus.FAILED, message);
      throw new ScanException(message, e);
    }
  }

  /** The reports and the summary section of a scan that ran. */
  private void report(
      ScanConfig cfg,
      ScanOutcome outcome,
      String pluginVersion,
      LocalDateTime start,
      PrintStream out) {
    ScanReports.writeGitLabReport(
        cfg.reportDir(), buildgateDir, outcome.trivyVersion(), pluginVersion, start);
    for (String line : ScanReports.table(outcome.results())) {
      log.info(line);
    }
    log.info("Reports: " + cfg.reportDir() + " (trivy-<image>.sarif, trivy-<image>.json)");
    if (GitHubWorkflow.active(cfg.env())) {
      ScanReports.annotate(outcome.results(), out);
    }
    section(
        ScanReports.status(outcome.results()),
        ScanReports.markdown(outcome.results(), cfg.policy(), outcome.trivyVersion()));
  }

  private void section(StepStatus status, String markdown) {
    summary.section(ScanReports.SECTION_ID, ScanReports.SECTION_TITLE, status, markdown);
  }

  /** E.g. {@code docker:scan failed: app has 2 fixable CRITICAL/HIGH vulnerabilities (...)...}. */
  private static String failure(ScanConfig cfg, ScanOutcome outcome) {
    List<String> parts = new ArrayList<>();
    for (ImageScanResult r : outcome.results()) {
      if (r.verdict() == ScanVerdict.FAILED) {
        parts.add(
            r.target().name()
                + " has "
                + r.blocking()
                + " "
                + cfg.policy().describe()
                + " vulnerabilit"
                + (r.blocking() == 1 ? "y" : "ies")
                + " ("
                + String.join(
                    ", ", r.blockingSample().subList(0, Math.min(3, r.blockingSample().size())))
                + (r.blocking() > 3 ? ", ..." : "")
                + ")");
      }
    }
    return "docker:scan failed: "
        + String.join("; ", parts)
        + ": update the base image/packages, or ignore with a reason in .trivyignore";
  }
}
