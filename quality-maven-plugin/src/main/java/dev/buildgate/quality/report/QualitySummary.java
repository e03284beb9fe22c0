package dev.buildgate.quality.report;

import dev.buildgate.core.finding.MarkdownReport;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerResult;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The quality analyzers' sections of the pipeline summary: one per analyzer. */
public final class QualitySummary {

  private final PipelineSummary summary;
  private final GateLog log;

  /**
   * @param buildgateDir {@code target/buildgate}
   * @param log where a summary that cannot be written is warned about
   */
  public QualitySummary(Path buildgateDir, GateLog log) {
    this.summary = new PipelineSummary(buildgateDir);
    this.log = log;
  }

  /** The analyzer's section id in the pipeline summary, e.g. {@code quality-ruff}. */
  public static String sectionId(AnalyzerConfig c) {
    return "quality-" + c.id();
  }

  /** The analyzer's section title in the pipeline summary, e.g. {@code Lint (ruff)}. */
  public static String sectionTitle(AnalyzerConfig c) {
    return c.kind().title() + " (" + c.id() + ")";
  }

  /** Writes the analyzer's section: its summary line and its new findings (warns on failure). */
  public void section(AnalyzerResult r) {
    StepStatus status =
        switch (r.status()) {
          case PASSED -> StepStatus.PASSED;
          case UP_TO_DATE -> StepStatus.UP_TO_DATE;
          case SKIPPED -> StepStatus.SKIPPED;
          default -> StepStatus.FAILED;
        };
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

  /**
   * Marks skipped analyzers SKIPPED, unless another goal of this build already reported them, so an
   * earlier build's verdicts are not shown as this build's (warns on failure).
   *
   * @param analyzers the goal's analyzers
   * @param why e.g. {@code Skipped (-Dbuildgate.quality.skip).}
   */
  public void skipped(List<AnalyzerConfig> analyzers, String why) {
    try {
      for (AnalyzerConfig c : analyzers) {
        summary.sectionUnlessRecorded(sectionId(c), sectionTitle(c), StepStatus.SKIPPED, why);
      }
    } catch (RuntimeException e) {
      log.warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }
}
