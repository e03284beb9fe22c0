package dev.buildgate.docker.scan;

import dev.buildgate.core.finding.ContainerScanningReport;
import dev.buildgate.core.finding.GitHubAnnotations;
import dev.buildgate.core.summary.StepStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The console table and the image section of the pipeline summary. */
public final class ScanReports {

  /** The pipeline summary section id of the image scan. */
  public static final String SECTION_ID = "docker-images";

  /** Its title. */
  public static final String SECTION_TITLE = "Image scan (Trivy)";

  private ScanReports() {}

  /**
   * GitHub Actions annotations: one error per image whose scan failed, with its blocking
   * vulnerabilities (the ones no ignore file accepts), within the step's annotation budget.
   */
  public static void annotate(List<ImageScanResult> results, PrintStream out) {
    for (ImageScanResult r : results) {
      if (r.verdict() == ScanVerdict.FAILED) {
        GitHubAnnotations.print(
            out, "error", "trivy " + r.target().name(), r.target().name() + ": " + verdictText(r));
      }
    }
  }

  /**
   * GitLab's Container Scanning report of every image scanned so far ({@code
   * <buildgateDir>/gl-container-scanning-report.json}), from the per-image parts in {@code
   * reportDir}. Vulnerabilities accepted by an ignore file are not in it.
   */
  public static void writeGitLabReport(
      Path reportDir,
      Path buildgateDir,
      String trivyVersion,
      String pluginVersion,
      LocalDateTime start) {
    ContainerScanningReport.merge(
        reportDir,
        buildgateDir.resolve(ContainerScanningReport.FILE_NAME),
        trivyVersion,
        pluginVersion,
        start,
        LocalDateTime.now());
  }

  /** The console table: image, digest, counts by severity, fixable, ignored, verdict. */
  public static List<String> table(List<ImageScanResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "IMAGE",
          "DIGEST",
          "CRITICAL",
          "HIGH",
          "MEDIUM",
          "LOW",
          "UNKNOWN",
          "FIXABLE",
          "IGNORED",
          "VERDICT"
        });
    for (ImageScanResult r : results) {
      boolean scanned = r.verdict() == ScanVerdict.PASSED || r.verdict() == ScanVerdict.FAILED;
      rows.add(
          new String[] {
            r.target().name(),
            shortDigest(r.target()),
            scanned ? String.valueOf(r.count(VulnSeverity.CRITICAL)) : "-",
            scanned ? String.valueOf(r.count(VulnSeverity.HIGH)) : "-",
            scanned ? String.valueOf(r.count(VulnSeverity.MEDIUM)) : "-",
            scanned ? String.valueOf(r.count(VulnSeverity.LOW)) : "-",
            scanned ? String.valueOf(r.count(VulnSeverity.UNKNOWN)) : "-",
            scanned ? String.valueOf(r.fixable()) : "-",
            scanned ? String.valueOf(r.ignored()) : "-",
            verdictText(r)
          });
    }
    int[] w = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length - 1; i++) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        sb.append(i == row.length - 1 ? row[i] : pad(row[i], w[i]));
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** The verdict as one short text, e.g. {@code FAILED (1 blocking: CVE-1 HIGH openssl ...)}. */
  public static String verdictText(ImageScanResult r) {
    switch (r.verdict()) {
      case PASSED:
        return r.upToDate() ? "PASSED (up to date)" : "PASSED";
      case FAILED:
        return "FAILED ("
            + r.blocking()
            + " blocking: "
            + String.join(
                ", ", r.blockingSample().subList(0, Math.min(3, r.blockingSample().size())))
            + (r.blocking() > 3 ? ", ..." : "")
            + ")";
      case ERROR:
        return "ERROR (" + r.error() + ")";
      case NOT_SCANNED:
        return "NOT SCANNED (" + r.error() + ")";
      default:
        return "SKIPPED" + (r.error() != null ? " (" + r.error() + ")" : "");
    }
  }

  /** The summary step status: only all-passed is PASSED. */
  public static StepStatus status(List<ImageScanResult> results) {
    if (results.isEmpty()) {
      return StepStatus.SKIPPED;
    }
    boolean failed =
        results.stream()
            .anyMatch(r -> r.verdict() == ScanVerdict.FAILED || r.verdict() == ScanVerdict.ERROR);
    if (failed) {
      return StepStatus.FAILED;
    }
    boolean allPassed = results.stream().allMatch(r -> r.verdict() == ScanVerdict.PASSED);
    if (allPassed && results.stream().allMatch(ImageScanResult::upToDate)) {
      return StepStatus.UP_TO_DATE;
    }
    return allPassed ? StepStatus.PASSED : StepStatus.SKIPPED;
  }

  /**
   * The Markdown body of the images section: per image refs, digest, size, build time, the real
   * scan verdict with counts, and the {@code docker pull} lines.
   */
  public static String markdown(
      List<ImageScanResult> results, ScanPolicy policy, String trivyVersion) {
    StringBuilder sb = new StringBuilder();
    sb.append("| Image | Refs | Digest | Size | Build | Scan |\n");
    sb.append("|---|---|---|---|---|---|\n");
    for (ImageScanResult r : results) {
      ImageTarget t = r.target();
      sb.append("| ")
          .append(cell(t.name()))
          .append(" | ")
          .append(refsCell(t))
          .append(" | ")
          .append(
              t.digest() != null
                  ? "`" + t.digest() + "`"
                  : t.imageId() != null ? "`" + shortId(t.imageId()) + "` (local id)" : "-")
          .append(" | ")
          .append(t.size() > 0 ? humanSize(t.size()) : "-")
          .append(" | ")
          .append(buildCell(t))
          .append(" | ")
          .append(scanCell(r))
          .append(" |\n");
    }
    sb.append("\nGate: ")
        .append(policy.describe())
        .append(" fails")
        .append(trivyVersion != null ? "; Trivy " + trivyVersion : "")
        .append(".\n");
    List<String> pulls = new ArrayList<>();
    for (ImageScanResult r : results) {
      if (r.target().scannable()
          && r.target().ref() != null
          && !r.target().ref().startsWith("sha256:")) {
        String ref = r.target().ref();
        if (r.target().digest() != null) {
          ref = ImageTarget.repositoryOf(ref) + "@" + r.target().digest();
        }
        pulls.add("docker pull " + ref);
      }
    }
    if (!pulls.isEmpty()) {
      boolean pushed = results.stream().anyMatch(r -> r.target().digest() != null);
      sb.append(pushed ? "\nPull:\n" : "\nPull (once pushed with docker:push):\n");
      sb.append("\n```\n");
      pulls.forEach(p -> sb.append(p).append('\n'));
      sb.append("```\n");
    }
    return sb.toString();
  }

  private static String scanCell(ImageScanResult r) {
    String icon;
    switch (r.verdict()) {
      case PASSED:
        icon = StepStatus.PASSED.icon() + " PASSED" + (r.upToDate() ? " (up to date)" : "");
        break;
      case FAILED:
        icon =
            StepStatus.FAILED.icon()
                + " FAILED: "
                + r.blocking()
                + " blocking ("
                + String.join(
                    ", ", r.blockingSample().subList(0, Math.min(3, r.blockingSample().size())))
                + (r.blocking() > 3 ? ", ..." : "")
                + ")";
        break;
      case ERROR:
        return StepStatus.FAILED.icon() + " ERROR: " + cell(r.error());
      case NOT_SCANNED:
        return StepStatus.SKIPPED.icon() + " NOT SCANNED: " + cell(r.error());
      default:
        return StepStatus.SKIPPED.icon()
            + " SKIPPED"
            + (r.error() != null ? ": " + cell(r.error()) : "");
    }
    return cell(
        icon
            + " · C "
            + r.count(VulnSeverity.CRITICAL)
            + " · H "
            + r.count(VulnSeverity.HIGH)
            + " · M "
            + r.count(VulnSeverity.MEDIUM)
            + " · L "
            + r.count(VulnSeverity.LOW)
            + (r.count(VulnSeverity.UNKNOWN) > 0 ? " · U " + r.count(VulnSeverity.UNKNOWN) : "")
            + " · fixable "
            + r.fixable()
            + " · ignored "
            + r.ignored()
            + (r.os() != null ? " · " + r.os() : " · no OS detected"));
  }

  private static String buildCell(ImageTarget t) {
    String s = t.buildStatus();
    if ("CONFIGURED".equals(s)) {
      return "-";
    }
    String time =
        t.buildMillis() > 0
            ? String.format(Locale.ROOT, "%.1f s", t.buildMillis() / 1000.0) + " "
            : "";
    return cell(time + "(" + s + ")");
  }

  private static String refsCell(ImageTarget t) {
    if (t.refs().isEmpty()) {
      return t.ref() == null ? "-" : "`" + cell(t.ref()) + "`";
    }
    List<String> out = new ArrayList<>();
    for (String ref : t.refs()) {
      out.add("`" + cell(ref) + "`");
    }
    return String.join("<br>", out);
  }

  static String humanSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double kb = bytes / 1024.0;
    if (kb < 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", kb);
    }
    double mb = kb / 1024.0;
    if (mb < 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", mb);
    }
    return String.format(Locale.ROOT, "%.2f GiB", mb / 1024.0);
  }

  private static String shortDigest(ImageTarget t) {
    if (t.digest() != null) {
      return shortId(t.digest());
    }
    return t.imageId() != null ? shortId(t.imageId()) : "-";
  }

  private static String shortId(String id) {
    return id.startsWith("sha256:") && id.length() > 19 ? id.substring(0, 19) : id;
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }
}
