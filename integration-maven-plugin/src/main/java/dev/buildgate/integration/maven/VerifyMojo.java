package dev.buildgate.integration.maven;

import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.integration.test.StackUpToDate;
import dev.buildgate.integration.test.TestResult;
import dev.buildgate.maven.BuildgateMaven;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when the recorded integration test result (result.json) is a failure, with a
 * short summary (tests, duration, reports, where the stack's logs are); adds an "Integration tests"
 * section to the pipeline summary.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractIntegrationMojo {

  /** Skips integration:verify. */
  @Parameter(property = "buildgate.integration.verify.skip", defaultValue = "false")
  protected boolean skipVerify;

  @Override
  protected String goal() {
    return "verify";
  }

  @Override
  protected boolean goalSkipped() {
    return skipVerify;
  }

  @Override
  protected void skipped(String property) {
    try {
      new PipelineSummary(buildgateDir())
          .section(
              sectionId(),
              sectionTitle(),
              StepStatus.SKIPPED,
              "Integration tests SKIPPED (-D"
                  + property
                  + "): no stack was started and no test command ran.");
    } catch (RuntimeException e) {
      getLog().warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }

  private String sectionId() {
    return "integration-" + project.getArtifactId();
  }

  private String sectionTitle() {
    return "Integration tests (" + project.getArtifactId() + ")";
  }

  /**
   * When result.json was written before this build started (integration:test did not run in it):
   * the time of that recorded run; null for this build's result.
   */
  private String recordedRun(Path file) {
    String build = BuildgateMaven.buildId(session);
    if (build == null) {
      return null;
    }
    try {
      Instant written = Files.getLastModifiedTime(file).toInstant();
      return written.isBefore(Instant.parse(build)) ? PipelineSummary.time(written) : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    var file = outputDirectory.toPath().resolve("result.json");
    if (!Files.isRegularFile(file)) {
      getLog().info("no integration test result (" + file + "): nothing to verify");
      return;
    }
    TestResult r;
    try {
      r = TestResult.read(file);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "cannot read " + file + " (" + e.getMessage() + "); rerun integration:test.");
    }
    StackUpToDate upToDate = upToDate();
    boolean same = upToDate.skipped();
    String recorded = same ? null : recordedRun(file);
    if (!same && recorded == null) {
      upToDate.recordResult(r, file); // a pass makes the next build's stack up to date
    }
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
    new PipelineSummary(buildgateDir())
        .section(
            sectionId(),
            sectionTitle(),
            same
                ? StepStatus.UP_TO_DATE
                : !r.passed()
                    ? StepStatus.FAILED
                    : recorded != null ? StepStatus.SKIPPED : StepStatus.PASSED,
            md.toString());
    if (same) {
      getLog().info("integration tests UP-TO-DATE: last passing run " + r.summary());
      return;
    }
    if (r.passed() && recorded != null) {
      getLog()
          .info(
              "integration tests did not run in this build; the recorded run of "
                  + recorded
                  + " passed: "
                  + r.summary());
      return;
    }
    if (r.passed()) {
      getLog().info("integration tests passed: " + r.summary());
      return;
    }
    throw new MojoFailureException(
        "integration tests failed: "
            + r.summary()
            + (r.reports().isEmpty() ? "" : "; reports: " + String.join(", ", r.reports()))
            + "; stack logs in "
            + r.logsDir());
  }
}
