package dev.buildgate.docker.scan;

import dev.buildgate.core.finding.Severity;
import java.util.Locale;

/** Trivy's severities, least severe first. */
public enum VulnSeverity {
  UNKNOWN,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /**
   * Parses a severity as Trivy spells it (case-insensitive); unknown or missing values are {@link
   * #UNKNOWN}, as Trivy itself treats them.
   */
  public static VulnSeverity fromTrivy(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    switch (value.trim().toUpperCase(Locale.ROOT)) {
      case "CRITICAL":
        return CRITICAL;
      case "HIGH":
        return HIGH;
      case "MEDIUM":
        return MEDIUM;
      case "LOW":
        return LOW;
      default:
        return UNKNOWN;
    }
  }

  /**
   * Parses a configured severity strictly.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static VulnSeverity parseConfigured(String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    for (VulnSeverity s : values()) {
      if (s.name().equals(v)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + value + "': use UNKNOWN, LOW, MEDIUM, HIGH or CRITICAL");
  }

  /** The core severity used in SARIF and the shared reports (UNKNOWN maps to INFO). */
  public Severity toCore() {
    switch (this) {
      case CRITICAL:
        return Severity.CRITICAL;
      case HIGH:
        return Severity.HIGH;
      case MEDIUM:
        return Severity.MEDIUM;
      case LOW:
        return Severity.LOW;
      default:
        return Severity.INFO;
    }
  }
}
