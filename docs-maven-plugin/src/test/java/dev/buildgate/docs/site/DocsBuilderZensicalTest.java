package dev.buildgate.docs.site;

import static dev.buildgate.docs.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.docs.TestSupport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Zensical: on PATH, or named by BUILDGATE_ZENSICAL. Tagged {@link Requires#ZENSICAL},
 * which the root POM excludes by default (the CI venv cannot install it; zensical 0.0.73 was run by
 * hand): {@code -Dbuildgate.test.excludedGroups=} runs it.
 */
@Tag(Requires.ZENSICAL)
class DocsBuilderZensicalTest {

  @TempDir Path project;
  Path zensical;

  @BeforeEach
  void findZensical() {
    Map<String, String> env = TestSupport.env();
    String explicit = env.get("BUILDGATE_ZENSICAL");
    if (explicit != null && Files.isExecutable(Path.of(explicit))) {
      zensical = Path.of(explicit);
      return;
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "zensical");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        zensical = candidate;
        return;
      }
    }
    Requires.that(
        false,
        Requires.ZENSICAL,
        "zensical not installed (set BUILDGATE_ZENSICAL or put it on PATH)");
  }

  private BuildOutcome build() throws Exception {
    GeneratorOptions gen =
        new GeneratorOptions(
            GeneratorKind.ZENSICAL,
            ToolRunner.PATH,
            zensical,
            null,
            null,
            true,
            null,
            null,
            Duration.ofMinutes(2));
    BuildConfig o =
        new BuildConfig(
            project,
            Path.of("mkdocs.yml"),
            Path.of("docs"),
            List.of(),
            project.resolve("target/buildgate/docs"),
            project.resolve("target/buildgate/docs/site"),
            project.resolve("target/buildgate/state"),
            null,
            gen,
            true,
            false,
            List.of(),
            "main",
            "origin",
            null);
    LocalProcessRunner runner = TestSupport.runner();
    return new DocsBuilder(runner, new ToolResolver(runner, TestSupport.env()), GateLog.NONE)
        .build(o);
  }

  @Test
  void buildsIntoTheSiteDirectoryAndFailsStrictOnABrokenLink() throws Exception {
    write(project.resolve("mkdocs.yml"), "site_name: Zen\n");
    write(project.resolve("docs/index.md"), "# Home\n\nSee [more](more.md).\n");
    write(project.resolve("docs/more.md"), "# More\n");
    assertThat(build().status()).isEqualTo(BuildOutcome.Status.BUILT);
    assertThat(project.resolve("target/buildgate/docs/site/index.html")).exists();
    assertThat(Files.readString(project.resolve("mkdocs.yml"))).doesNotContain("site_dir");

    write(project.resolve("docs/index.md"), "# Home\n\nSee [gone](gone.md).\n");
    assertThatThrownBy(this::build)
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("zensical build --strict failed")
        .hasMessageContaining("index.md:3");
  }
}
