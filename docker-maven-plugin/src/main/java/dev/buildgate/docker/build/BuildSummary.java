package dev.buildgate.docker.build;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.time.Duration;

/**
 * docker:build's section of the pipeline summary: one row per image, the builder, the wall time.
 */
final class BuildSummary {

  private BuildSummary() {}

  /**
   * Writes the section (warns when it cannot).
   *
   * @param cfg the build's configuration
   * @param file what the build wrote to images.json
   * @param took the build's wall time
   * @param log the build log
   */
  static void write(BuildConfig cfg, ImagesFile file, Duration took, GateLog log) {
    StringBuilder md = new StringBuilder();
    md.append("| image | status | refs | digest / id | size | build time | cache |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (ImageResult r : file.images()) {
      md.append("| ")
          .append(r.name())
          .append(" | ")
          .append(r.status())
          .append(" | ")
          .append(String.join("<br>", r.refs().stream().map(x -> "`" + x + "`").toList()))
          .append(" | ")
          .append(
              r.digest() != null
                  ? "`" + r.digest() + "`"
                  : r.imageId() != null ? "`" + shortId(r.imageId()) + "`" : "")
          .append(" | ")
          .append(
              r.size() > 0 ? String.format(java.util.Locale.ROOT, "%.1f MB", r.size() / 1e6) : "")
          .append(" | ")
          .append(
              r.status() == ImageResult.Status.BUILT
                  ? String.format(java.util.Locale.ROOT, "%.1f s", r.durationMillis() / 1000.0)
                  : "")
          .append(" | ")
          .append(
              r.cache().steps() > 0 ? r.cache().cached() + "/" + r.cache().steps() + " cached" : "")
          .append(" |\n");
      if (r.error() != null) {
        md.append("\n").append(r.name()).append(": ").append(r.error()).append("\n\n");
      }
    }
    md.append("\nbuilder: ")
        .append(file.builder())
        .append(", wall time ")
        .append(String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0))
        .append('\n');
    boolean allUpToDate =
        file.images().stream().allMatch(r -> r.status() == ImageResult.Status.UP_TO_DATE);
    StepStatus st =
        !file.success()
            ? StepStatus.FAILED
            : allUpToDate ? StepStatus.UP_TO_DATE : StepStatus.PASSED;
    try {
      new PipelineSummary(cfg.buildgateDir())
          .section(DockerBuild.SECTION_ID, DockerBuild.SECTION_TITLE, st, md.toString());
    } catch (RuntimeException e) {
      log.warn("docker: could not write the pipeline summary: " + e.getMessage());
    }
  }

  private static String shortId(String id) {
    String h = id.startsWith("sha256:") ? id.substring(7) : id;
    return "sha256:" + h.substring(0, Math.min(12, h.length()));
  }
}
