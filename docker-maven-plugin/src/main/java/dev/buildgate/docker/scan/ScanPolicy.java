package dev.buildgate.docker.scan;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What fails the gate: a non-ignored vulnerability whose severity is in {@code severities} and,
 * when {@code fixableOnly}, that has a fix ({@link TrivyVulnerability#fixable()}).
 *
 * @param severities the failing severities (default CRITICAL, HIGH)
 * @param fixableOnly only vulnerabilities with a fix fail the gate (default true)
 */
public record ScanPolicy(Set<VulnSeverity> severities, boolean fixableOnly) {

  /** CRITICAL and HIGH with a fix: the reference pipeline's documented intent. */
  public static final ScanPolicy DEFAULT =
      new ScanPolicy(EnumSet.of(VulnSeverity.CRITICAL, VulnSeverity.HIGH), true);

  public ScanPolicy {
    if (severities == null || severities.isEmpty()) {
      throw new IllegalArgumentException(
          "severities must name at least one of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL");
    }
    severities = Set.copyOf(EnumSet.copyOf(severities));
  }

  /**
   * The policy of the configured severities, or {@link #DEFAULT} when they are invalid (for a
   * skipped scan's summary, which validates nothing).
   *
   * @param severities comma-separated, e.g. {@code CRITICAL,HIGH}
   * @param fixableOnly only vulnerabilities with a fix fail the gate
   * @return the policy
   */
  public static ScanPolicy orDefault(String severities, boolean fixableOnly) {
    try {
      return new ScanPolicy(parseSeverities(severities), fixableOnly);
    } catch (IllegalArgumentException e) {
      return DEFAULT;
    }
  }

  /**
   * Parses a comma-separated list such as {@code CRITICAL,HIGH}.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static Set<VulnSeverity> parseSeverities(String csv) {
    EnumSet<VulnSeverity> out = EnumSet.noneOf(VulnSeverity.class);
    if (csv != null) {
      for (String s : csv.split(",")) {
        if (!s.isBlank()) {
          out.add(VulnSeverity.parseConfigured(s));
        }
      }
    }
    return out;
  }

  /** True when {@code v} (not ignored) fails the gate. */
  public boolean blocks(TrivyVulnerability v) {
    return severities.contains(v.severity()) && (!fixableOnly || v.fixable());
  }

  /** E.g. {@code fixable CRITICAL/HIGH} or {@code CRITICAL/HIGH (fixed or not)}. */
  public String describe() {
    String sev =
        EnumSet.copyOf(severities).stream()
            .sorted((a, b) -> b.compareTo(a))
            .map(Enum::name)
            .collect(Collectors.joining("/"));
    return fixableOnly ? "fixable " + sev : sev + " (fixed or not)";
  }
}
