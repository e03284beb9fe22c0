package dev.buildgate.docker.scan;

import java.util.List;

/**
 * The outcome of {@code docker:scan}.
 *
 * @param results one per image, in input order
 * @param warnings ignore-file warnings (expiring, expired, matched nothing)
 * @param trivyVersion the Trivy version found, or null when it could not run
 */
public record ScanOutcome(
    List<ImageScanResult> results, List<String> warnings, String trivyVersion) {

  public ScanOutcome {
    results = List.copyOf(results);
    warnings = List.copyOf(warnings);
  }

  /** Some image's scan could not run (fail closed). */
  public boolean hasErrors() {
    return results.stream().anyMatch(r -> r.verdict() == ScanVerdict.ERROR);
  }

  /** Some image has blocking vulnerabilities. */
  public boolean hasFailures() {
    return results.stream().anyMatch(r -> r.verdict() == ScanVerdict.FAILED);
  }

  /** The first error message, or null. */
  public String firstError() {
    return results.stream()
        .filter(r -> r.verdict() == ScanVerdict.ERROR)
        .map(ImageScanResult::error)
        .findFirst()
        .orElse(null);
  }
}
