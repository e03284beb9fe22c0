package dev.buildgate.quality;

import dev.buildgate.core.finding.Severity;

/** The analyzers Buildgate knows, with their defaults. */
public enum AnalyzerKind {
  /** Ruff linter, {@code ruff check --output-format json}. */
  RUFF("ruff", "lint", "Lint", "https://docs.astral.sh/ruff/", Severity.LOW),
  /** mypy type checker, {@code mypy -O json} (text output before mypy 1.11). */
  MYPY("mypy", "typecheck", "Type check", "https://mypy-lang.org/", Severity.LOW),
  /** Bandit security linter, {@code bandit -r -f json}. */
  BANDIT("bandit", "sast", "SAST", "https://bandit.readthedocs.io/", Severity.MEDIUM),
  /** Any command that writes SARIF 2.1.0 (semgrep, hadolint, ...). */
  SARIF(null, "check", "Analysis", null, Severity.LOW);

  private final String defaultId;
  private final String goal;
  private final String title;
  private final String informationUri;
  private final Severity defaultThreshold;

  AnalyzerKind(
      String defaultId,
      String goal,
      String title,
      String informationUri,
      Severity defaultThreshold) {
    this.defaultId = defaultId;
    this.goal = goal;
    this.title = title;
    this.informationUri = informationUri;
    this.defaultThreshold = defaultThreshold;
  }

  /** The tool name and executable ({@code ruff}); null for {@link #SARIF}. */
  public String defaultId() {
    return defaultId;
  }

  /** The goal that runs this analyzer alone (besides {@code check}). */
  public String goal() {
    return goal;
  }

  /** Human title of the step, e.g. {@code Lint}. */
  public String title() {
    return title;
  }

  public String informationUri() {
    return informationUri;
  }

  /** Findings at or above this severity fail the gate unless configured otherwise. */
  public Severity defaultThreshold() {
    return defaultThreshold;
  }
}
