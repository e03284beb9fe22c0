package dev.buildgate.core.finding;

import java.util.Locale;

/** Severity of a finding, ordered from least to most severe. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /**
   * Parses a severity name as analysers and scanners spell it, case-insensitively. Besides the
   * constant names it accepts the SARIF levels ({@code none}, {@code note}, {@code warning}, {@code
   * error}) and the common aliases {@code unknown}, {@code information}, {@code informational},
   * {@code moderate}, {@code minor}, {@code major}, {@code blocker}, {@code fatal}.
   *
   * @throws IllegalArgumentException when the value is null, blank or not a known severity
   */
  public static Severity parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "Severity is empty: use one of INFO, LOW, MEDIUM, HIGH, CRITICAL");
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "info":
      case "information":
      case "informational":
      case "note":
      case "none":
      case "unknown":
      case "negligible":
        return INFO;
      case "low":
      case "minor":
        return LOW;
      case "medium":
      case "moderate":
      case "warning":
      case "warn":
        return MEDIUM;
      case "high":
      case "error":
      case "major":
        return HIGH;
      case "critical":
      case "blocker":
      case "fatal":
        return CRITICAL;
      default:
        throw new IllegalArgumentException(
            "Unknown severity '"
                + value
                + "': use one of INFO, LOW, MEDIUM, HIGH, CRITICAL (or note, warning, error)");
    }
  }

  /** True when this severity is the same as or more severe than {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) >= 0;
  }

  /** The SARIF result level: INFO is note, LOW and MEDIUM are warning, HIGH and CRITICAL error. */
  public String sarifLevel() {
    switch (this) {
      case INFO:
        return "note";
      case LOW:
      case MEDIUM:
        return "warning";
      default:
        return "error";
    }
  }

  /**
   * The GitHub code scanning {@code security-severity} score for this severity: CRITICAL 9.0, HIGH
   * 7.0, MEDIUM 5.0, LOW 3.0, INFO 0.0.
   */
  public double securitySeverity() {
    switch (this) {
      case CRITICAL:
        return 9.0;
      case HIGH:
        return 7.0;
      case MEDIUM:
        return 5.0;
      case LOW:
        return 3.0;
      default:
        return 0.0;
    }
  }
}
