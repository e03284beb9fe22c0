package dev.buildgate.quality;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one analyzer.
 *
 * @param config the analyzer
 * @param status what happened
 * @param tool how the tool was run (e.g. {@code ruff from PATH (/usr/bin/ruff)}); null if unknown
 * @param version the tool's version; null if unknown
 * @param findings every finding the tool reported outside the excludes
 * @param rules rules the tool declared (SARIF tools)
 * @param gating findings at or above the threshold (and confidence)
 * @param newFindings gating findings not accepted by the baseline
 * @param blocked the tool stopped on blocking errors (mypy exit 2)
 * @param tooMany more gating findings than {@code maxFindings}
 * @param error why the analyzer could not run (status {@link Status#ERROR})
 * @param duration wall time
 */
public record AnalyzerResult(
    AnalyzerConfig config,
    Status status,
    String tool,
    String version,
    List<Finding> findings,
    List<Rule> rules,
    List<Finding> gating,
    List<Finding> newFindings,
    boolean blocked,
    boolean tooMany,
    String error,
    Duration duration) {

  /** What happened to an analyzer. */
  public enum Status {
    PASSED,
    FAILED,
    UP_TO_DATE,
    /** Nothing to analyze (no Python files in scope). */
    SKIPPED,
    ERROR
  }

  public AnalyzerResult {
    findings = List.copyOf(findings);
    rules = List.copyOf(rules);
    gating = List.copyOf(gating);
    newFindings = List.copyOf(newFindings);
  }

  static AnalyzerResult error(
      AnalyzerConfig c, String tool, String version, String message, Duration d) {
    return new AnalyzerResult(
        c,
        Status.ERROR,
        tool,
        version,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        false,
        message,
        d);
  }

  public String id() {
    return config.id();
  }

  static AnalyzerResult skipped(AnalyzerConfig c, String why, Duration d) {
    return new AnalyzerResult(
        c,
        Status.SKIPPED,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        false,
        why,
        d);
  }

  /** Findings reported but below the threshold or confidence. */
  public int belowThreshold() {
    return findings.size() - gating.size();
  }

  /** One line for the console and the summary, e.g. {@code ruff: 3 findings (2 new), FAILED}. */
  public String summaryLine() {
    if (status == Status.ERROR) {
      return config.id() + ": could not run, FAILED (" + error + ")";
    }
    if (status == Status.SKIPPED) {
      return config.id() + ": " + error + ", SKIPPED";
    }
    StringBuilder sb = new StringBuilder(config.id()).append(": ");
    sb.append(gating.size()).append(gating.size() == 1 ? " finding" : " findings");
    sb.append(" (").append(newFindings.size()).append(" new)");
    if (belowThreshold() > 0) {
      sb.append(", ")
          .append(belowThreshold())
          .append(" below threshold ")
          .append(config.threshold());
    }
    if (blocked) {
      sb.append(", stopped on blocking errors");
    }
    if (tooMany) {
      sb.append(", more than maxFindings ").append(config.maxFindings());
    }
    switch (status) {
      case UP_TO_DATE:
        sb.append(", UP-TO-DATE (inputs unchanged since the last passing run)");
        break;
      case PASSED:
        sb.append(", PASSED");
        break;
      default:
        sb.append(", FAILED");
    }
    return sb.toString();
  }
}
