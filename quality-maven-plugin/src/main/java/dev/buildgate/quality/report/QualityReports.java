package dev.buildgate.quality.report;

import dev.buildgate.core.ci.GitHubWorkflow;
import dev.buildgate.core.finding.CodeQualityReport;
import dev.buildgate.core.finding.ConsoleReport;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.GitHubAnnotations;
import dev.buildgate.core.finding.JsonReportWriter;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.ToolRun;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.quality.AnalyzerKind;
import dev.buildgate.quality.AnalyzerResult;
import dev.buildgate.quality.QualityException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reports of the quality analyzers: per analyzer {@code <id>.sarif}, {@code <id>.json} and its
 * part of GitLab's Code Quality report; per goal {@code quality.json}, the merged Code Quality
 * report, GitHub annotations and the console.
 */
public final class QualityReports {

  private final Path reportDir;
  private final Path buildgateDir;
  private final GateLog log;

  /**
   * @param reportDir the report directory
   * @param buildgateDir {@code target/buildgate} (the merged Code Quality report)
   * @param log the log
   */
  public QualityReports(Path reportDir, Path buildgateDir, GateLog log) {
    this.reportDir = reportDir;
    this.buildgateDir = buildgateDir;
    this.log = log;
  }

  /** The code scanning category of an analyzer's SARIF file. */
  public static String category(String analyzerId) {
    return "buildgate/quality/" + analyzerId;
  }

  /**
   * One analyzer's reports: {@code <id>.sarif} (its own code scanning category), {@code <id>.json}
   * and its part of GitLab's Code Quality report.
   *
   * @throws QualityException when they cannot be written
   */
  public void write(AnalyzerResult r) throws QualityException {
    List<ToolRun> runs = List.of(toolRun(r));
    try {
      SarifWriter.write(runs, category(r.id()), reportDir.resolve(r.id() + ".sarif"));
      JsonReportWriter.write(runs, reportDir.resolve(r.id() + ".json"));
      CodeQualityReport.write(
          r.findings(), reportDir.resolve(r.id() + CodeQualityReport.PART_SUFFIX));
    } catch (UncheckedIOException e) {
      throw unwritable(e);
    }
  }

  /** A gate whose reports cannot be written (a full disk) cannot pass: one line, fail closed. */
  private static QualityException unwritable(UncheckedIOException e) {
    return new QualityException(e.getMessage() + " (free space under the report directory)", e);
  }

  /**
   * {@code quality.json}: every analyzer of the goal in one file. There is no combined SARIF: it
   * would repeat the runs of each analyzer's category, and code scanning rejects an upload with two
   * runs of one tool and category.
   *
   * @throws QualityException when it cannot be written
   */
  public void writeCombinedJson(List<AnalyzerResult> results) throws QualityException {
    List<ToolRun> runs = new ArrayList<>();
    for (AnalyzerResult r : results) {
      if (r.status() != AnalyzerResult.Status.ERROR
          && r.status() != AnalyzerResult.Status.SKIPPED) {
        runs.add(toolRun(r));
      }
    }
    try {
      JsonReportWriter.write(runs, reportDir.resolve("quality.json"));
    } catch (UncheckedIOException e) {
      throw unwritable(e);
    }
  }

  /** GitLab's Code Quality report of the build: the parts of every analyzer, merged (warns). */
  public void mergeCodeQuality() {
    try {
      CodeQualityReport.merge(reportDir, buildgateDir.resolve(CodeQualityReport.FILE_NAME));
    } catch (UncheckedIOException e) {
      log.warn(e.getMessage());
    }
  }

  private static ToolRun toolRun(AnalyzerResult r) {
    return new ToolRun(
        r.id(), r.version(), r.config().kind().informationUri(), r.rules(), r.findings());
  }

  /** In GitHub Actions: annotations for the new findings, as many as the step may show. */
  public void annotate(List<AnalyzerResult> results, Map<String, String> env, PrintStream out) {
    if (!GitHubWorkflow.active(env)) {
      return;
    }
    List<Finding> fresh = new ArrayList<>();
    for (AnalyzerResult r : results) {
      fresh.addAll(r.newFindings());
    }
    int left = GitHubAnnotations.print(out, fresh);
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
              + reportDir);
    }
  }

  /**
   * Prints new findings grouped by file (at most {@code maxFindings}), Ruff's fix hint, then one
   * line per analyzer.
   */
  public void printConsole(List<AnalyzerResult> results, int maxFindings) {
    printFindings(results, Math.max(0, maxFindings));
    printFixHints(results);
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

  private void printFindings(List<AnalyzerResult> results, int max) {
    List<Finding> shown = new ArrayList<>();
    for (AnalyzerResult r : results) {
      shown.addAll(r.newFindings());
    }
    shown.sort(ConsoleReport.ORDER);
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
              + reportDir
              + ")");
    }
  }

  private void printFixHints(List<AnalyzerResult> results) {
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
  }
}
