package dev.buildgate.quality;

import dev.buildgate.core.finding.Baseline;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.quality.parse.BanditJsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The quality gate: which findings count (threshold, Bandit's confidence), which are new against
 * the baseline, and the verdict of an analyzer ({@code maxFindings}, blocking errors) and of a
 * goal.
 */
public final class QualityGate {

  private QualityGate() {}

  /** Applies threshold, confidence, baseline and maxFindings. */
  static AnalyzerResult apply(
      AnalyzerConfig c,
      String tool,
      String version,
      List<Finding> findings,
      List<Rule> rules,
      Baseline baseline,
      boolean blocked,
      Duration duration,
      boolean upToDate) {
    List<Finding> gating = new ArrayList<>();
    for (Finding f : findings) {
      if (f.severity().atLeast(c.threshold()) && confident(c, f)) {
        gating.add(f);
      }
    }
    List<Finding> fresh = blocked ? gating : baseline.newFindings(gating);
    boolean tooMany = c.maxFindings() >= 0 && gating.size() > c.maxFindings();
    boolean failed = blocked || tooMany || !fresh.isEmpty();
    AnalyzerResult.Status status =
        failed
            ? AnalyzerResult.Status.FAILED
            : (upToDate ? AnalyzerResult.Status.UP_TO_DATE : AnalyzerResult.Status.PASSED);
    return new AnalyzerResult(
        c, status, tool, version, findings, rules, gating, fresh, blocked, tooMany, null, duration);
  }

  /** Bandit's findings below {@code minConfidence} do not count. */
  private static boolean confident(AnalyzerConfig c, Finding f) {
    String conf = f.properties().get(BanditJsonParser.CONFIDENCE);
    if (c.kind() != AnalyzerKind.BANDIT || conf == null) {
      return true;
    }
    Severity s;
    try {
      s = Severity.parse(conf);
    } catch (IllegalArgumentException e) {
      s = Severity.LOW;
    }
    return s.atLeast(c.minConfidence());
  }

  /**
   * Throws when any analyzer could not run ({@link QualityException}) or failed its gate ({@link
   * GateFailedException}).
   */
  static void verdict(List<AnalyzerResult> results) throws QualityException, GateFailedException {
    List<String> errors = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (AnalyzerResult r : results) {
      if (r.status() == AnalyzerResult.Status.ERROR) {
        errors.add(r.id() + ": " + r.error());
      } else if (r.status() == AnalyzerResult.Status.FAILED) {
        failed.add(r.summaryLine());
      }
    }
    if (!errors.isEmpty()) {
      throw new QualityException(String.join("\n", errors));
    }
    if (!failed.isEmpty()) {
      throw new GateFailedException(
          "Quality gate failed: "
              + String.join("; ", failed)
              + ". Fix the findings listed above, or accept them with quality:baseline");
    }
  }
}
