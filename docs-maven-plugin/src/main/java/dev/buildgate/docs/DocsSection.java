package dev.buildgate.docs;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import java.nio.file.Path;

/**
 * A docs goal's section of the pipeline summary ({@code target/buildgate/summary.md}). A summary
 * that cannot be written is warned about, never fails the goal.
 *
 * @param id the section id, e.g. {@code docs-build}
 * @param title the step's title, e.g. {@code Docs build}
 */
public record DocsSection(String id, String title) {

  /**
   * Writes (or replaces) the section.
   *
   * @param buildgateDir {@code target/buildgate}
   * @param status the step's status
   * @param body the Markdown body
   * @param log where a summary that cannot be written is warned about
   */
  public void write(Path buildgateDir, StepStatus status, String body, GateLog log) {
    try {
      new PipelineSummary(buildgateDir).section(id, title, status, body);
    } catch (RuntimeException e) {
      log.warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }

  /**
   * Records the goal as skipped by a property.
   *
   * @param buildgateDir {@code target/buildgate}
   * @param property the property that skipped it, e.g. {@code buildgate.docs.skip}
   * @param log where a summary that cannot be written is warned about
   */
  public void skippedBy(Path buildgateDir, String property, GateLog log) {
    write(buildgateDir, StepStatus.SKIPPED, "Skipped (-D" + property + ").", log);
  }
}
