package dev.buildgate.core.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSummaryTest {

  @TempDir Path tmp;

  @Test
  void rendersTableAndSectionsInTheOrderStepsWereAdded() throws Exception {
    Path dir = tmp.resolve("target/buildgate");
    PipelineSummary summary = new PipelineSummary(dir);
    summary.section("quality-lint", "Lint (ruff)", StepStatus.PASSED, "No findings.");
    summary.section(
        "quality-sast", "SAST | bandit", StepStatus.FAILED, "2 HIGH findings\n\n| a | b |");
    summary.section("docker-build", "Images", StepStatus.UP_TO_DATE, "");
    summary.section("docs-deploy", "Docs deploy", StepStatus.SKIPPED, null);

    assertThat(summary.file()).isEqualTo(dir.resolve("summary.md").toAbsolutePath());
    assertThat(Files.readString(summary.file()))
        .isEqualTo(
            "# Buildgate pipeline summary\n\n"
                + "**Result:** \u274C failed (1 of 4 steps failed)\n\n"
                + "| Step | Status |\n"
                + "|---|---|\n"
                + "| Lint (ruff) | \u2705 passed |\n"
                + "| SAST \\| bandit | \u274C failed |\n"
                + "| Images | \u267B\uFE0F up to date |\n"
                + "| Docs deploy | \u23ED\uFE0F skipped |\n"
                + "\n## \u2705 Lint (ruff)\n\nNo findings.\n"
                + "\n## \u274C SAST | bandit\n\n2 HIGH findings\n\n| a | b |\n"
                + "\n## \u267B\uFE0F Images\n"
                + "\n## \u23ED\uFE0F Docs deploy\n");
  }

  @Test
  void replacingASectionKeepsItsPlaceAndEachSectionHasItsOwnFile() throws Exception {
    Path dir = tmp.resolve("bg");
    PipelineSummary summary = new PipelineSummary(dir);
    summary.section("a", "First", StepStatus.FAILED, "old");
    summary.section("b", "Second", StepStatus.PASSED, "");
    summary.section("a", "First", StepStatus.PASSED, "new");

    assertThat(summary.sections())
        .extracting(PipelineSummary.Section::id, PipelineSummary.Section::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", StepStatus.PASSED),
            org.assertj.core.groups.Tuple.tuple("b", StepStatus.PASSED));
    String md = Files.readString(summary.file());
    assertThat(md).contains("**Result:** \u2705 passed").contains("new").doesNotContain("old");
    try (Stream<Path> files = Files.list(dir.resolve("summary"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")))
          .containsExactlyInAnyOrder("a.section.md", "b.section.md");
    }
  }

  @Test
  void renderingIsStableAcrossInstances() {
    Path dir = tmp.resolve("bg");
    new PipelineSummary(dir).section("z", "Z", StepStatus.PASSED, "z");
    new PipelineSummary(dir).section("a", "A", StepStatus.PASSED, "a");
    String first = new PipelineSummary(dir).render();
    assertThat(new PipelineSummary(dir).render()).isEqualTo(first);
    assertThat(first.indexOf("| Z |")).isLessThan(first.indexOf("| A |"));
  }

  @Test
  void idsAreSanitisedIntoDistinctFileNames() {
    PipelineSummary summary = new PipelineSummary(tmp);
    summary.section("quality/lint", "one", StepStatus.PASSED, "");
    summary.section("quality_lint", "two", StepStatus.PASSED, "");
    summary.section("../../evil", "three", StepStatus.PASSED, "");
    assertThat(summary.sections())
        .extracting(PipelineSummary.Section::title)
        .containsExactly("one", "two", "three");
    assertThat(tmp.resolve("../evil.section.md").normalize()).doesNotExist();
  }

  @Test
  void concurrentGoalsAllLandInTheSummary() throws Exception {
    Path dir = tmp.resolve("target/buildgate");
    int n = 24;
    CountDownLatch go = new CountDownLatch(1);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                  // each thread uses its own instance, as separate mojos would
                  new PipelineSummary(dir)
                      .section("step-" + id, "Step " + id, StepStatus.PASSED, "body " + id);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    String md = Files.readString(new PipelineSummary(dir).file());
    for (int i = 0; i < n; i++) {
      assertThat(md).contains("| Step " + i + " | \u2705 passed |").contains("body " + i + "\n");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("summary", "summary.md", "junit");
    }
  }

  @Test
  void twoSpellingsOfTheSameDirectoryShareTheLock() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("real/target/buildgate"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int id = i;
      Path dir = i % 2 == 0 ? real : link.resolve("target/buildgate");
      Thread t =
          new Thread(
              () -> {
                try {
                  new PipelineSummary(dir).section("s" + id, "S" + id, StepStatus.PASSED, "");
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    assertThat(new PipelineSummary(real).sections()).hasSize(10);
  }

  @Test
  void copiesOfTheClassInSeparateClassLoadersWaitForEachOther() throws Exception {
    // two Maven plugins = two class realms, each with its own copy of PipelineSummary and its
    // JVM-wide lock map; a background gate writes while another plugin's goal writes
    Path dir = tmp.resolve("target/buildgate");
    URL classes = PipelineSummary.class.getProtectionDomain().getCodeSource().getLocation();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<URLClassLoader> realms = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int r = 0; r < 2; r++) {
      URLClassLoader realm =
          new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
      realms.add(realm);
      Class<?> copy = realm.loadClass(PipelineSummary.class.getName());
      assertThat(copy).isNotSameAs(PipelineSummary.class);
      Class<?> statusType = realm.loadClass(StepStatus.class.getName());
      Object passed = statusType.getField("PASSED").get(null);
      Method section =
          copy.getMethod("section", String.class, String.class, statusType, String.class);
      for (int i = 0; i < 10; i++) {
        String id = "r" + r + "-" + i;
        Thread t =
            new Thread(
                () -> {
                  try {
                    go.await();
                    Object summary = copy.getConstructor(Path.class).newInstance(dir);
                    section.invoke(summary, id, id, passed, "body " + id);
                  } catch (Throwable e) {
                    errors.add(e);
                  }
                });
        threads.add(t);
        t.start();
      }
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    for (URLClassLoader realm : realms) {
      realm.close();
    }
    assertThat(errors).isEmpty();
    assertThat(new PipelineSummary(dir).sections()).hasSize(20);
  }

  @Test
  void appendsToGitHubStepSummaryWithoutTruncatingOrDuplicating() throws Exception {
    Path stepSummary = tmp.resolve("github/step_summary.md");
    Files.createDirectories(stepSummary.getParent());
    Files.writeString(stepSummary, "Earlier step output\n\n");
    Map<String, String> env = Map.of("GITHUB_STEP_SUMMARY", stepSummary.toString());
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));

    summary.section("quality-lint", "Lint", StepStatus.PASSED, "clean");
    summary.appendToGitHubStepSummary(env);
    summary.appendToGitHubStepSummary(env); // nothing new: nothing appended
    summary.section("docker-scan", "Scan", StepStatus.FAILED, "1 CRITICAL");
    summary.appendToGitHubStepSummary(env);
    summary.section("quality-lint", "Lint", StepStatus.FAILED, "3 findings");
    summary.appendToGitHubStepSummary(env);

    assertThat(Files.readString(stepSummary))
        .isEqualTo(
            "Earlier step output\n\n"
                + "## Buildgate pipeline\n\n"
                + "### \u2705 Lint: passed\n\nclean\n\n"
                + "### \u274C Scan: failed\n\n1 CRITICAL\n\n"
                + "### \u274C Lint: failed (updated)\n\n3 findings\n\n");
  }

  @Test
  void aNewStepSummaryFileStartsOver() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.section("a", "A", StepStatus.PASSED, "");
    Path first = tmp.resolve("s1.md");
    Path second = tmp.resolve("s2.md");
    summary.appendToGitHubStepSummary(Map.of("GITHUB_STEP_SUMMARY", first.toString()));
    summary.appendToGitHubStepSummary(Map.of("GITHUB_STEP_SUMMARY", second.toString()));
    assertThat(Files.readString(second))
        .isEqualTo(Files.readString(first))
        .contains("### \u2705 A: passed");
  }

  @Test
  void withoutGitHubStepSummaryNothingIsWritten() {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.section("a", "A", StepStatus.PASSED, "");
    summary.appendToGitHubStepSummary(Map.of());
    summary.appendToGitHubStepSummary(Map.of("GITHUB_STEP_SUMMARY", " "));
    assertThat(tmp.resolve("bg/summary/.github-step-summary.state")).doesNotExist();
  }

  @Test
  void projectNameAppearsInTheHeadings() throws Exception {
    Path step = tmp.resolve("step.md");
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"), "backend");
    summary.section("a", "A", StepStatus.PASSED, "");
    summary.appendToGitHubStepSummary(Map.of("GITHUB_STEP_SUMMARY", step.toString()));
    assertThat(Files.readString(summary.file()))
        .startsWith("# Buildgate pipeline summary: backend\n");
    assertThat(Files.readString(step)).startsWith("## Buildgate pipeline: backend\n");
  }

  @Test
  void hugeSectionsAreCappedInTheStepSummaryButNotInSummaryMd() throws Exception {
    Path step = tmp.resolve("step.md");
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    String body = "| finding | x |\n".repeat(20_000);
    summary.section("big", "Big", StepStatus.FAILED, body);
    summary.appendToGitHubStepSummary(Map.of("GITHUB_STEP_SUMMARY", step.toString()));

    String appended = Files.readString(step);
    assertThat(appended.length()).isLessThan(PipelineSummary.MAX_STEP_SUMMARY_SECTION_CHARS + 1000);
    assertThat(appended).contains("_(truncated; the whole section is in " + summary.file() + ")_");
    assertThat(Files.readString(summary.file())).contains(body.strip());
  }

  @Test
  void emptySummaryRendersAPlaceholder() {
    assertThat(new PipelineSummary(tmp).render())
        .isEqualTo("# Buildgate pipeline summary\n\nNo steps recorded.\n");
  }

  // --- freshness: every section is this build's, or marked with the recorded run it is from ---

  static final String EARLIER = "2026-12-04T17:02:11.250Z";
  static final String NOW = "2026-12-04T18:30:00.000Z";

  @Test
  void sectionsOfAnEarlierBuildAreMarkedAndDoNotCountInTheResult() throws Exception {
    Path dir = tmp.resolve("bg");
    PipelineSummary earlier = new PipelineSummary(dir);
    earlier.startBuild(EARLIER);
    earlier.section("quality-ruff", "Lint (ruff)", StepStatus.PASSED, "No findings.");
    earlier.section("integration-app", "Integration tests (app)", StepStatus.PASSED, "- 3 tests");

    // the next build (e.g. `mvn integration:down` after a killed build) writes nothing itself:
    // summary.md is re-rendered as soon as it starts, never showing the old verdicts as its own
    new PipelineSummary(dir).startBuild(NOW);
    String md = Files.readString(dir.resolve("summary.md"));
    assertThat(md)
        .contains("**Result:** no step ran in this build (the steps below are from recorded runs)")
        .contains(
            "| Integration tests (app) | recorded run of 2026-12-04 17:02:11 UTC: \u2705 passed |")
        .contains(
            "## Integration tests (app): from the recorded run of 2026-12-04 17:02:11 UTC, not"
                + " this build (\u2705 passed)")
        .doesNotContain("**Result:** \u2705 passed");

    // this build's own failure is the result; the stale pass does not make it "1 of 3"
    PipelineSummary now = new PipelineSummary(dir);
    now.section("docker-push", "Docker push", StepStatus.FAILED, "refused");
    assertThat(Files.readString(dir.resolve("summary.md")))
        .contains("**Result:** \u274C failed (1 of 1 step failed)")
        .contains("| Docker push | \u274C failed |")
        .contains("| Lint (ruff) | recorded run of 2026-12-04 17:02:11 UTC: \u2705 passed |");
    assertThat(now.sections())
        .extracting(PipelineSummary.Section::id, PipelineSummary.Section::build)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("quality-ruff", EARLIER),
            org.assertj.core.groups.Tuple.tuple("integration-app", EARLIER),
            org.assertj.core.groups.Tuple.tuple("docker-push", NOW));
  }

  @Test
  void startingTheSameBuildAgainChangesNothing() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.startBuild(NOW);
    summary.section("a", "A", StepStatus.PASSED, "");
    String before = Files.readString(summary.file());
    summary.startBuild(NOW);
    assertThat(Files.readString(summary.file()))
        .isEqualTo(before)
        .contains("| A | \u2705 passed |");
    assertThat(tmp.resolve("bg/summary.md")).exists();
    new PipelineSummary(tmp.resolve("fresh")).startBuild(NOW);
    assertThat(tmp.resolve("fresh/summary.md")).as("nothing to re-render").doesNotExist();
  }

  @Test
  void aSkipDoesNotOverwriteWhatThisBuildRecorded() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.startBuild(EARLIER);
    summary.section("quality-bandit", "SAST (bandit)", StepStatus.FAILED, "2 HIGH");
    summary.startBuild(NOW);
    assertThat(
            summary.sectionUnlessRecorded(
                "quality-bandit",
                "SAST (bandit)",
                StepStatus.SKIPPED,
                "Skipped (-Dbuildgate.quality.skip)."))
        .isTrue();
    assertThat(Files.readString(summary.file()))
        .contains("**Result:** \u23ED\uFE0F every step was skipped, nothing was checked");
    summary.section("quality-ruff", "Lint (ruff)", StepStatus.PASSED, "");
    assertThat(
            summary.sectionUnlessRecorded(
                "quality-ruff",
                "Lint (ruff)",
                StepStatus.SKIPPED,
                "Skipped (-Dbuildgate.quality.skip)."))
        .isFalse();
    assertThat(Files.readString(summary.file()))
        .contains("| SAST (bandit) | \u23ED\uFE0F skipped |")
        .contains("Skipped (-Dbuildgate.quality.skip).")
        .contains("| Lint (ruff) | \u2705 passed |")
        .contains("**Result:** \u2705 passed")
        .doesNotContain("2 HIGH");
  }

  @Test
  void aFailureNoSectionShowsIsRecordedOnce() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.startBuild(EARLIER);
    summary.section("docs-deploy", "Docs deploy", StepStatus.FAILED, "old failure");
    summary.startBuild(NOW);
    summary.section("docs-build", "Docs build", StepStatus.PASSED, "");
    assertThat(summary.failedUnlessRecorded("goal-docs-deploy", "docs:deploy", "no credentials"))
        .as("the old failure is not this build's")
        .isTrue();
    assertThat(summary.failedUnlessRecorded("goal-x", "x", "second")).isFalse();
    assertThat(Files.readString(summary.file()))
        .contains("**Result:** \u274C failed (1 of 2 steps failed)")
        .contains("| docs:deploy | \u274C failed |")
        .doesNotContain("| x |");
  }

  @Test
  void theStepSummaryHasThisBuildsSectionsOnly() throws Exception {
    Path step = tmp.resolve("step.md");
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.startBuild(EARLIER);
    summary.section("old", "Old", StepStatus.PASSED, "");
    summary.startBuild(NOW);
    summary.section("new", "New", StepStatus.PASSED, "");
    summary.appendToGitHubStepSummary(Map.of("GITHUB_STEP_SUMMARY", step.toString()));
    assertThat(Files.readString(step)).contains("### \u2705 New: passed").doesNotContain("Old");
  }

  @Test
  void aNewBuildDeletesTheEarlierBuildsJUnitFilesButNeverThisBuilds() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"));
    summary.startBuild(EARLIER);
    summary.section("quality-lint", "Lint", StepStatus.FAILED, "3 findings");
    Path stale = summary.junitFile("quality-lint");
    assertThat(stale).exists();
    // a junit file of another project (a sibling module's target) is never touched
    PipelineSummary other = new PipelineSummary(tmp.resolve("other/bg"));
    other.startBuild(EARLIER);
    other.section("quality-lint", "Lint", StepStatus.PASSED, "");

    summary.startBuild(NOW);
    assertThat(stale).doesNotExist();
    assertThat(other.junitFile("quality-lint")).exists();

    summary.section("docker-build", "Images", StepStatus.PASSED, "");
    summary.startBuild(NOW); // another goal of the same build (or another -T thread)
    assertThat(summary.junitFile("docker-build")).exists();
  }

  @Test
  void summaryMdShowsThisBuildsTimelineOnly() throws Exception {
    Path dir = tmp.resolve("bg");
    PipelineSummary summary = new PipelineSummary(dir);
    summary.startBuild(EARLIER);
    GateTimeline earlier = GateTimeline.ofBuild(dir, EARLIER);
    java.time.Instant t0 = java.time.Instant.parse(EARLIER);
    earlier.record(new GateTimeline.Entry("old:gate", t0, t0.plusSeconds(1), false, true));
    earlier.record(new GateTimeline.Entry("old:other", t0, t0.plusSeconds(2), true, true));
    summary.section("old", "Old", StepStatus.PASSED, "");
    assertThat(Files.readString(summary.file())).contains("old gate");

    summary.startBuild(NOW);
    summary.section("new", "New", StepStatus.PASSED, "");
    assertThat(Files.readString(summary.file())).doesNotContain("mermaid", "old gate");

    GateTimeline now = GateTimeline.ofBuild(dir, NOW);
    java.time.Instant t1 = java.time.Instant.parse(NOW);
    now.record(new GateTimeline.Entry("new:gate", t1, t1.plusSeconds(1), false, true));
    now.record(new GateTimeline.Entry("new:other", t1, t1.plusSeconds(2), true, true));
    summary.refresh();
    assertThat(Files.readString(summary.file())).contains("new gate").doesNotContain("old gate");
  }
}
