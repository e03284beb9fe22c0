package dev.buildgate.core.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
          .containsExactlyInAnyOrder("summary", "summary.md");
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
  void projectNameAppearsInTheTitle() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp.resolve("bg"), "backend");
    summary.section("a", "A", StepStatus.PASSED, "");
    assertThat(Files.readString(summary.file()))
        .startsWith("# Buildgate pipeline summary: backend\n");
  }

  @Test
  void emptySummaryRendersAPlaceholder() {
    assertThat(new PipelineSummary(tmp).render())
        .isEqualTo("# Buildgate pipeline summary\n\nNo steps recorded.\n");
  }
}
