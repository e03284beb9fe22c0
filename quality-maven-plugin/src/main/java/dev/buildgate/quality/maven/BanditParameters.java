package dev.buildgate.quality.maven;

/** The {@code <bandit>} block. */
public class BanditParameters extends AnalyzerParameters {
  /** Findings below this confidence (LOW, MEDIUM, HIGH) do not gate (default LOW: all). */
  String confidence;
}
