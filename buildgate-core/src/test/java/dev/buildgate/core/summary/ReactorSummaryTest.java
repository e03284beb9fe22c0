package dev.buildgate.core.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReactorSummaryTest {

  @TempDir Path tmp;

  @Test
  void oneResultOneTableAndEveryModulesSections() throws Exception {
    new PipelineSummary(tmp.resolve("users")).section("lint", "Lint", StepStatus.PASSED, "clean");
    PipelineSummary orders = new PipelineSummary(tmp.resolve("orders"));
    orders.section("lint", "Lint", StepStatus.PASSED, "");
    orders.section("it", "Integration | tests", StepStatus.FAILED, "1 failed");
    ReactorSummary summary =
        new ReactorSummary(
            "shop",
            List.of(
                new ReactorSummary.Module("users", tmp.resolve("users")),
                new ReactorSummary.Module("orders", tmp.resolve("orders"))));

    String md = summary.writeTo(tmp.resolve("root"));

    assertThat(Files.readString(tmp.resolve("root/summary.md"))).isEqualTo(md);
    assertThat(md)
        .startsWith(
            "# Buildgate pipeline summary: shop\n\n"
                + "**Result:** \u274C failed in orders (3 steps in 2 modules)\n\n"
                + "| Module | Step | Status |\n|---|---|---|\n"
                + "| users | Lint | \u2705 passed |\n"
                + "| orders | Lint | \u2705 passed |\n"
                + "| orders | Integration \\| tests | \u274C failed |\n")
        .contains("\n## users\n\n### \u2705 Lint\n\nclean\n")
        .contains("\n## orders\n")
        .contains("### \u274C Integration | tests\n\n1 failed\n");
  }

  @Test
  void passedWhenNoModuleFailed() {
    new PipelineSummary(tmp.resolve("a")).section("x", "X", StepStatus.PASSED, "");
    assertThat(
            new ReactorSummary("r", List.of(new ReactorSummary.Module("a", tmp.resolve("a"))))
                .render())
        .contains("**Result:** \u2705 passed (1 step in 1 module)");
  }

  @Test
  void appendsToTheStepSummaryWithoutTruncatingAndCapsHugeSummaries() throws Exception {
    Path step = tmp.resolve("gh/step.md");
    Files.createDirectories(step.getParent());
    Files.writeString(step, "earlier step\n");
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", step.toString());
    ReactorSummary.appendToGitHubStepSummary(env, "# summary\n", tmp.resolve("summary.md"));
    assertThat(Files.readString(step)).isEqualTo("earlier step\n# summary\n\n");

    String huge = "| row |\n".repeat(200_000);
    ReactorSummary.appendToGitHubStepSummary(env, huge, tmp.resolve("summary.md"));
    assertThat(Files.readString(step))
        .hasSizeLessThan(ReactorSummary.MAX_STEP_SUMMARY_CHARS + 1000)
        .contains("_(truncated; the whole summary is in " + tmp.resolve("summary.md") + ")_");
  }

  @Test
  void withoutGitHubStepSummaryNothingIsWritten() {
    ReactorSummary.appendToGitHubStepSummary(Map.of(), "x", tmp.resolve("s.md"));
    ReactorSummary.appendToGitHubStepSummary(
        Map.of("GITHUB_STEP_SUMMARY", " "), "x", tmp.resolve("s.md"));
    assertThat(tmp).isEmptyDirectory();
  }
}
