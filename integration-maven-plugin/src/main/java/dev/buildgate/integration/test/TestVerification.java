package dev.buildgate.integration.test;

import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.integration.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * integration:verify: reads the recorded result ({@code result.json}), writes the "Integration
 * tests" section of the pipeline summary and fails when the tests failed.
 */
public final class TestVerification {
  private final Path resultFile;
  private final Path buildgateDir;
  private final String artifactId;
  private final GateLog log;

  /**
   * Creates the verification of one project.
   *
   * @param resultFile {@code target/buildgate/integration/result.json}
   * @param buildgateDir {@code target/buildgate} (the pipeline summary)
   * @param artifactId names the summary section
   * @param log the log
   */
  public TestVerification(Path resultFile, Path buildgateDir, String artifactId, GateLog log) {
    this.resultFile = resultFile;
    this.buildgateDir = buildgateDir;
    this.artifactId = artifactId;
    this.log = log;
  }

  private String sectionId() {
    return "integration-" + artifactId;
  }

  private String sectionTitle() {
    return "Integration tests (" + artifactId + ")";
  }

  /**
   * The section of a skipped run.
   *
   * @param property the property that skipped it
   */
  public void skipped(String property) {
    try {
      new PipelineSummary(buildgateDir)
          .section(
              sectionId(),
              sectionTitle(),
              StepStatus.SKIPPED,
              "Integration tests SKIPPED (-D"
                  + property
                  + "): no stack was started and no test command ran.");
    } catch (RuntimeException e) {
      log.warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }

  /**
   * Verifies the recorded result.
   *
   * @param upToDate the up-to-date decision of this build
   * @param buildId this build's start ({@link Instant} text), or null when unknown
   * @throws StackException when the result cannot be read
   * @throws GateFailedException when the tests failed
   */
  public void verify(StackUpToDate upToDate, String buildId)
      throws StackException, GateFailedException {
    if (!Files.isRegularFile(resultFile)) {
      log.info("no integration test result (" + resultFile + "): nothing to verify");
      return;
    }
    TestResult r;
    try {
      r = TestResult.read(resultFile);
    } catch (IOException e) {
      throw new StackException(
          "cannot read " + resultFile + " (" + e.getMessage() + "); rerun integration:test.");
    }
    boolean same = upToDate.skipped();
    String recorded = same ? null : recordedRun(buildId);
    if (!same && recorded == null) {
      upToDate.recordResult(r, resultFile); // a pass makes the next build's stack up to date
    }
    writeSection(r, same, recorded);
    report(r, same, recorded);
  }

  private void writeSection(TestResult r, boolean same, String recorded) {
    StringBuilder md = new StringBuilder();
    md.append("- result: ")
        .append(r.summary())
        .append(same ? " (up to date: the last passing run, inputs unchanged)" : "")
        .append(
            recorded == null
                ? ""
                : " (from the recorded run of "
                    + recorded
                    + ": integration:test did not run in"
                    + " this build)")
        .append('\n');
    md.append("- command: `").append(String.join(" ", r.command())).append("`\n");
    if (!r.reports().isEmpty()) {
      md.append("- reports: ").append(String.join(", ", r.reports())).append('\n');
    }
    md.append("- stack logs: ").append(r.logsDir()).append('\n');
    new PipelineSummary(buildgateDir)
        .section(
            sectionId(),
            sectionTitle(),
            same
                ? StepStatus.UP_TO_DATE
                : !r.passed()
                    ? StepStatus.FAILED
                    : recorded != null ? StepStatus.SKIPPED : StepStatus.PASSED,
            md.toString());
  }

  private void report(TestResult r, boolean same, String recorded) throws GateFailedException {
    if (same) {
      log.info("integration tests UP-TO-DATE: last passing run " + r.summary());
      return;
    }
    if (r.passed() && recorded != null) {
      log.info(
          "integration tests did not run in this build; the recorded run of "
              + recorded
              + " passed: "
              + r.summary());
      return;
    }
    if (r.passed()) {
      log.info("integration tests passed: " + r.summary());
      return;
    }
    throw new GateFailedException(
        "integration tests failed: "
            + r.summary()
            + (r.reports().isEmpty() ? "" : "; reports: " + String.join(", ", r.reports()))
            + "; stack logs in "
            + r.logsDir());
  }

  /**
   * When result.json was written before this build started (integration:test did not run in it):
   * the time of that recorded run; null for this build's result.
   */
  private String recordedRun(String buildId) {
    if (buildId == null) {
      return null;
    }
    try {
      Instant written = Files.getLastModifiedTime(resultFile).toInstant();
      return written.isBefore(Instant.parse(buildId)) ? PipelineSummary.time(written) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
