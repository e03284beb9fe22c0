package dev.buildgate.docker.scan;

import dev.buildgate.core.finding.ContainerScanningReport;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict of one Trivy JSON report: streamed through the ignore rules and the {@link
 * ScanPolicy}, counted by severity, with a sample of the blocking vulnerabilities; writes the
 * image's SARIF and its part of GitLab's container scanning report.
 */
final class ReportEvaluation {

  private static final int SAMPLE = 10;

  private ReportEvaluation() {}

  static ImageScanResult evaluate(
      ScanConfig config,
      ImageTarget t,
      IgnoreRules rules,
      Path json,
      Path sarif,
      String version,
      Duration duration,
      boolean writeSarif)
      throws ScanException {
    EnumMap<VulnSeverity, Integer> counts = new EnumMap<>(VulnSeverity.class);
    int[] fixable = {0};
    int[] ignored = {0};
    int[] blocking = {0};
    List<String> sample = new ArrayList<>();
    Map<String, Rule> sarifRules = new LinkedHashMap<>();
    List<Finding> findings = new ArrayList<>();
    String location = ImageTarget.repositoryOf(t.ref() == null ? t.name() : t.ref());
    ScanPolicy policy = config.policy();
    TrivyReport report =
        TrivyReportParser.parse(
            json,
            v -> {
              IgnoreEntry ignoredBy = rules.ignoring(v, config.today());
              if (ignoredBy != null) {
                ignored[0]++;
                return;
              }
              counts.merge(v.severity(), 1, Integer::sum);
              if (v.fixable()) {
                fixable[0]++;
              }
              boolean blocks = policy.blocks(v);
              if (blocks) {
                blocking[0]++;
                if (sample.size() < SAMPLE) {
                  sample.add(
                      v.id()
                          + " "
                          + v.severity()
                          + " "
                          + v.pkgName()
                          + " "
                          + v.installedVersion()
                          + (v.fixable() && v.fixedVersion() != null && !v.fixedVersion().isBlank()
                              ? " -> " + v.fixedVersion()
                              : " (no fix)"));
                }
              }
              sarifRules.computeIfAbsent(
                  v.id(), id -> new Rule(id, id, v.title(), v.primaryUrl(), v.severity().toCore()));
              findings.add(finding(t, v, location, blocks));
            });
    if (writeSarif) {
      ScanSarif.writeResults(sarif, version, t, new ArrayList<>(sarifRules.values()), findings);
    }
    ContainerScanningReport.writePart(
        findings,
        t.ref() == null ? t.name() : t.ref(),
        report.os(),
        config.reportDir().resolve("trivy-" + t.fileName() + ContainerScanningReport.PART_SUFFIX));
    return new ImageScanResult(
        t,
        blocking[0] > 0 ? ScanVerdict.FAILED : ScanVerdict.PASSED,
        counts,
        fixable[0],
        ignored[0],
        blocking[0],
        sample,
        null,
        sarif,
        json,
        duration,
        report.os());
  }

  private static Finding finding(
      ImageTarget t, TrivyVulnerability v, String location, boolean blocks) {
    String fixed = v.fixedVersion() == null || v.fixedVersion().isBlank() ? null : v.fixedVersion();
    StringBuilder msg =
        new StringBuilder()
            .append("Package: ")
            .append(v.pkgName())
            .append("\nInstalled Version: ")
            .append(v.installedVersion())
            .append("\nVulnerability ")
            .append(v.id())
            .append("\nSeverity: ")
            .append(v.severity())
            .append("\nFixed Version: ")
            .append(
                fixed == null
                    ? "none (" + (v.status() == null ? "unknown" : v.status()) + ")"
                    : fixed)
            .append("\nImage: ")
            .append(t.ref());
    if (v.title() != null) {
      msg.append("\n").append(v.title());
    }
    Finding.Builder b =
        Finding.builder(ScanSarif.TOOL, v.id())
            .severity(v.severity().toCore())
            .file(location)
            .line(1)
            .message(msg.toString())
            .helpUri(v.primaryUrl())
            .property("image", t.name())
            .property("package", v.pkgName())
            .property("installedVersion", String.valueOf(v.installedVersion()))
            .property("fixedVersion", fixed == null ? "" : fixed)
            .property("status", v.status() == null ? "" : v.status())
            .property("target", v.target())
            .property("blocking", String.valueOf(blocks));
    if (v.purl() != null) {
      b.property("purl", v.purl());
    }
    if (v.cvss3Score() >= 0) {
      b.property("security-severity", String.format(Locale.ROOT, "%.1f", v.cvss3Score()));
    }
    return b.build();
  }
}
