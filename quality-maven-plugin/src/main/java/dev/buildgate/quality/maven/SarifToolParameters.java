package dev.buildgate.quality.maven;

import java.util.List;

/**
 * A generic analyzer in {@code <sarifTools>}: any command that writes SARIF 2.1.0, e.g. semgrep
 * {@code --sarif} or hadolint {@code -f sarif}. Its findings get the same gate and reports.
 */
public class SarifToolParameters extends AnalyzerParameters {
  /** Name in reports and findings (required), e.g. {@code semgrep}. */
  String id;

  /** The executable (default: the id). */
  String executable;

  /**
   * File the command writes its SARIF to, relative to the working directory; omit when it writes
   * SARIF to stdout. {@code {report}} in the arguments is replaced by this path.
   */
  String sarifFile;

  /** Exit codes meaning the tool ran, comma-separated (default {@code 0,1}). */
  String okExitCodes;

  /** Arguments that print the version (default none). */
  List<String> versionArgs;

  /**
   * Goal besides check that runs it: {@code lint}, {@code typecheck}, {@code sast} or {@code check}
   * (default).
   */
  String goal;
}
