package dev.buildgate.core.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateTimelineTest {
  static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  @TempDir Path dir;

  private GateTimeline recorded() {
    GateTimeline t = new GateTimeline(dir, "1000");
    // recorded out of order, as threads finish
    t.record(
        new GateTimeline.Entry("quality:check", T0.plusSeconds(1), T0.plusSeconds(9), true, true));
    t.record(new GateTimeline.Entry("docker:build", T0, T0.plusSeconds(10), false, true));
    t.record(
        new GateTimeline.Entry("docker:scan", T0.plusSeconds(10), T0.plusSeconds(20), true, false));
    return t;
  }

  @Test
  void entriesComeBackInStartOrder() {
    assertThat(recorded().entries())
        .extracting(GateTimeline.Entry::gate)
        .containsExactly("docker:build", "quality:check", "docker:scan");
  }

  @Test
  void aNewBuildReplacesTheEarlierBuildsTimeline() {
    recorded();
    new GateTimeline(dir, "2000")
        .record(new GateTimeline.Entry("docs:build", T0, T0.plusSeconds(1), false, true));
    assertThat(new GateTimeline(dir).entries())
        .extracting(GateTimeline.Entry::gate)
        .containsExactly("docs:build");
    assertThat(new GateTimeline(dir, "1000").entries()).isEmpty();
  }

  @Test
  void markdownIsAMermaidGanttWithDurationsAndBackgroundSection() {
    String md = GateTimeline.markdown(recorded().entries());
    long t0 = T0.toEpochMilli();
    assertThat(md)
        .startsWith("## Timeline\n\n```mermaid\ngantt\n  dateFormat x\n")
        .contains(
            "  section in order\n  docker build (10.0 s) :done, g1, " + t0 + ", " + (t0 + 10_000))
        .contains("  section background\n  quality check (8.0 s) :active, g2, " + (t0 + 1000))
        .contains("  docker scan (10.0 s) :crit, g3, " + (t0 + 10_000) + ", " + (t0 + 20_000))
        .endsWith("```\n");
  }

  @Test
  void textShowsTheOverlapOnOneAxis() {
    List<String> lines = GateTimeline.text(recorded().entries());
    assertThat(lines.get(0)).isEqualTo("Timeline (20.0 s, # in order, = background):");
    assertThat(lines.get(1))
        .startsWith("  docker:build  |" + "#".repeat(20) + " ".repeat(20) + "|");
    assertThat(lines.get(2))
        .startsWith("  quality:check |  " + "=".repeat(16) + " ".repeat(22) + "|");
    assertThat(lines.get(3))
        .contains("|" + " ".repeat(20) + "=".repeat(20) + "|")
        .endsWith("FAILED");
  }

  @Test
  void oneGateHasNoChartAndTheSummaryCarriesIt() throws Exception {
    GateTimeline t = new GateTimeline(dir, "1");
    t.record(new GateTimeline.Entry("docker:build", T0, T0.plusSeconds(1), false, true));
    assertThat(GateTimeline.markdown(t.entries())).isEmpty();
    assertThat(GateTimeline.text(t.entries())).isEmpty();

    PipelineSummary summary = new PipelineSummary(dir);
    summary.section("docker-build", "docker:build", StepStatus.PASSED, "built");
    recorded();
    assertThat(Files.readString(summary.file())).doesNotContain("```mermaid");
    summary.refresh();
    assertThat(Files.readString(summary.file())).contains("## Timeline", "gantt", "docker scan");
  }

  @Test
  void stepSummaryGetsTheChartAppended() throws Exception {
    Path step = dir.resolve("step.md");
    Files.writeString(step, "before\n");
    GateTimeline.appendToStepSummary(
        recorded().entries(), Map.of("GITHUB_STEP_SUMMARY", step.toString()));
    assertThat(Files.readString(step)).startsWith("before\n\n## Timeline").contains("gantt");
  }
}
