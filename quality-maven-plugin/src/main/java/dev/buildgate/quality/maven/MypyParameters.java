package dev.buildgate.quality.maven;

/** The {@code <mypy>} block. */
public class MypyParameters extends AnalyzerParameters {
  /** Pass {@code --strict} (default: leave it to the config file). */
  Boolean strict;

  /** {@code auto} (JSON from mypy 1.11 on, text before), {@code json} or {@code text}. */
  String outputFormat;
}
