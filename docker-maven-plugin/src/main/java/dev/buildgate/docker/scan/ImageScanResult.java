package dev.buildgate.docker.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome for one image.
 *
 * @param target the image
 * @param verdict the verdict
 * @param counts non-ignored vulnerabilities by severity
 * @param fixable non-ignored vulnerabilities with a fix
 * @param ignored vulnerabilities ignored by an (unexpired) ignore entry
 * @param blocking vulnerabilities that fail the gate
 * @param blockingSample up to 10 blocking findings, e.g. {@code CVE-1 HIGH libssl3 3.0.1 -> 3.0.2}
 * @param error the one-line reason for {@link ScanVerdict#ERROR}/{@link ScanVerdict#NOT_SCANNED},
 *     else null
 * @param sarif the SARIF file written (always, also on error), or null when not scanned
 * @param json the raw Trivy JSON, or null
 * @param duration scan wall time
 * @param os the OS Trivy detected (e.g. {@code debian 12.15}), or null when none or not scanned
 * @param upToDate not scanned in this build: the verdict is the last scan's, whose inputs are
 *     unchanged ({@link ScanUpToDate}); only ever true with {@link ScanVerdict#PASSED}
 */
public record ImageScanResult(
    ImageTarget target,
    ScanVerdict verdict,
    Map<VulnSeverity, Integer> counts,
    int fixable,
    int ignored,
    int blocking,
    List<String> blockingSample,
    String error,
    Path sarif,
    Path json,
    Duration duration,
    String os,
    boolean upToDate) {

  public ImageScanResult {
    EnumMap<VulnSeverity, Integer> c = new EnumMap<>(VulnSeverity.class);
    for (VulnSeverity s : VulnSeverity.values()) {
      c.put(s, counts == null ? 0 : counts.getOrDefault(s, 0));
    }
    counts = java.util.Collections.unmodifiableMap(c);
    blockingSample = blockingSample == null ? List.of() : List.copyOf(blockingSample);
    if (upToDate && verdict != ScanVerdict.PASSED) {
      throw new IllegalArgumentException("only a PASSED verdict can be up to date: " + verdict);
    }
  }

  /** A result of a scan made in this build. */
  public ImageScanResult(
      ImageTarget target,
      ScanVerdict verdict,
      Map<VulnSeverity, Integer> counts,
      int fixable,
      int ignored,
      int blocking,
      List<String> blockingSample,
      String error,
      Path sarif,
      Path json,
      Duration duration,
      String os) {
    this(
        target,
        verdict,
        counts,
        fixable,
        ignored,
        blocking,
        blockingSample,
        error,
        sarif,
        json,
        duration,
        os,
        false);
  }

  /** This result marked as the unchanged verdict of an earlier passing scan. */
  public ImageScanResult asUpToDate() {
    return new ImageScanResult(
        target,
        verdict,
        counts,
        fixable,
        ignored,
        blocking,
        blockingSample,
        error,
        sarif,
        json,
        Duration.ZERO,
        os,
        true);
  }

  /** A result without a scan (error before scanning, not scanned, skipped). */
  public static ImageScanResult without(
      ImageTarget target, ScanVerdict verdict, String error, Path sarif) {
    return new ImageScanResult(
        target, verdict, Map.of(), 0, 0, 0, List.of(), error, sarif, null, Duration.ZERO, null);
  }

  public int count(VulnSeverity s) {
    return counts.get(s);
  }

  /** Total non-ignored vulnerabilities. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
