package dev.buildgate.docker.scan;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.ToolRun;
import java.nio.file.Path;
import java.util.List;

/**
 * SARIF per image, written with core's {@link SarifWriter} in the image's own code scanning
 * category. A completed scan is one run with rules carrying severity and {@code security-severity};
 * a scan that could not run is a run without {@code results} (SARIF 2.1.0 §3.14.23: not computed)
 * whose invocation failed with the error as notification, so GitHub code scanning does not read it
 * as "nothing found" and close the image's open alerts.
 */
final class ScanSarif {

  static final String TOOL = "trivy";
  static final String INFO_URI = "https://trivy.dev";

  private ScanSarif() {}

  /**
   * The code scanning category of an image's file, {@code buildgate/docker/scan/<image>}: each
   * image is its own analysis, so one upload may hold every {@code trivy-*.sarif}.
   */
  static String category(ImageTarget target) {
    return "buildgate/docker/scan/" + target.fileName();
  }

  static void writeResults(
      Path out, String trivyVersion, ImageTarget target, List<Rule> rules, List<Finding> findings) {
    SarifWriter.write(
        List.of(new ToolRun(TOOL, trivyVersion, INFO_URI, rules, findings, true)),
        category(target),
        out);
  }

  static void writeError(Path out, String trivyVersion, ImageTarget target, String error) {
    SarifWriter.write(
        List.of(ToolRun.failed(TOOL, trivyVersion, INFO_URI, error)), category(target), out);
  }
}
