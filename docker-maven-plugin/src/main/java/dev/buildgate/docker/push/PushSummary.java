package dev.buildgate.docker.push;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.nio.file.Path;

/** docker:push's section of the pipeline summary: the refs and digests pushed, or why not. */
public final class PushSummary {

  /** The push's section in the pipeline summary. */
  public static final String SECTION_ID = "docker-push";

  /** The push's section title in the pipeline summary. */
  public static final String SECTION_TITLE = "Docker push";

  private final Path buildgateDir;
  private final GateLog log;

  /**
   * @param buildgateDir {@code target/buildgate}
   * @param log where a summary that cannot be written is warned about
   */
  public PushSummary(Path buildgateDir, GateLog log) {
    this.buildgateDir = buildgateDir;
    this.log = log;
  }

  /**
   * Records a push that failed or could not run.
   *
   * @param message the one-line error
   */
  public void failed(String message) {
    section(StepStatus.FAILED, message);
  }

  /** Records the images pushed: every ref, and the digest. */
  void passed(ImagesFile pushed) {
    StringBuilder md = new StringBuilder();
    for (ImageResult img : pushed.images()) {
      md.append("- ")
          .append(img.name())
          .append(": ")
          .append(String.join(", ", img.refs().stream().map(r -> "`" + r + "`").toList()))
          .append(img.digest() == null ? "" : " (`" + img.digest() + "`)")
          .append('\n');
    }
    section(StepStatus.PASSED, md.toString());
  }

  private void section(StepStatus status, String body) {
    try {
      new PipelineSummary(buildgateDir).section(SECTION_ID, SECTION_TITLE, status, body);
    } catch (RuntimeException e) {
      log.warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }
}
