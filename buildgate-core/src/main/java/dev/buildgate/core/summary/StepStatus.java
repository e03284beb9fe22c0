package dev.buildgate.core.summary;

/** The outcome of one pipeline step. */
public enum StepStatus {
  /** The step ran and its gate passed. */
  PASSED("\u2705", "passed"),
  /** The step ran and its gate failed (or it could not run). */
  FAILED("\u274C", "failed"),
  /** The step was skipped by configuration. */
  SKIPPED("\u23ED\uFE0F", "skipped"),
  /** The step's inputs were unchanged since its last success, so it did not run. */
  UP_TO_DATE("\u267B\uFE0F", "up to date");

  private final String icon;
  private final String label;

  StepStatus(String icon, String label) {
    this.icon = icon;
    this.label = label;
  }

  /**
   * Returns the emoji shown for this status.
   *
   * @return the icon
   */
  public String icon() {
    return icon;
  }

  /**
   * Returns the lower-case label, for example {@code up to date}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }
}
