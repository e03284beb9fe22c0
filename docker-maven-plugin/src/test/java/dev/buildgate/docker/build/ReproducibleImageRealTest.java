package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.docker.image.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducible images on the real BuildKit daemon of .ci/start-buildkitd.sh (buildx builder
 * "buildgate-remote"): with a source date, two --no-cache builds of the same sources whose files
 * have different modification times (as in two fresh clones) give the same image id, i.e. the same
 * config (created time included) and the same layers; without one they do not. Fails in CI
 * (CI=true) when that builder is missing.
 */
@Tag(Requires.BUILDKIT)
class ReproducibleImageRealTest {
  static final Instant SOURCE_DATE = Instant.parse("2026-11-26T00:00:00Z");

  @TempDir Path dir;
  private final LocalProcessRunner runner = new LocalProcessRunner();
  private final DockerEngine engine = DockerEngine.connect(System.getenv());
  private String ref;

  @AfterEach
  void cleanup() throws Exception {
    try {
      if (ref != null) {
        engine.removeImage(ref);
      }
    } finally {
      engine.close();
    }
  }

  @Test
  void twoCleanBuildsWithASourceDateGiveTheSameImage() throws Exception {
    String builder = BranchCacheRealTest.BUILDER;
    boolean present = "remote".equals(BuildxCommand.driver(runner, "docker", builder));
    if (!"true".equals(System.getenv("CI"))) {
      Requires.that(
          present,
          Requires.BUILDKIT,
          "buildx builder " + builder + " missing: run .ci/start-buildkitd.sh");
    }
    assertThat(present).as("buildx builder " + builder + " (run .ci/start-buildkitd.sh)").isTrue();
    Path ctx = Files.createDirectories(dir.resolve("repro/files"));
    Files.writeString(
        ctx.resolveSibling("Dockerfile"),
        "FROM scratch\nCOPY files/ /srv/\nCOPY Dockerfile /srv/Dockerfile\n");
    Files.writeString(ctx.resolve("a.txt"), UUID.randomUUID().toString());
    Files.writeString(ctx.resolve("b.txt"), "b");
    String prefix = "buildgate-test/repro-" + UUID.randomUUID().toString().substring(0, 8);
    BuildConfig plain =
        TestConfigs.config(
            dir,
            List.of(TestConfigs.image(dir, "repro", Map.of())),
            prefix,
            List.of("main"),
            "buildx",
            builder,
            new CacheSettings("none", dir, null),
            "main",
            Map.of());
    BuildConfig fixed = TestConfigs.reproducible(plain, SOURCE_DATE);

    ImageResult first = build(fixed, 0);
    assertThat(first.log()).isNotNull();
    String argv = Files.readString(dir.resolve("target/buildgate/docker/" + first.log()));
    assertThat(argv)
        .contains("--no-cache")
        .contains("--build-arg SOURCE_DATE_EPOCH=" + SOURCE_DATE.getEpochSecond())
        .contains("--output type=docker,rewrite-timestamp=true");
    ImageResult second = build(fixed, 3600);
    assertThat(second.imageId()).isEqualTo(first.imageId());
    assertThat(engine.inspectImage(ref).orElseThrow().created()).startsWith("2026-11-26T00:00:00");

    ImageResult unfixed = build(TestConfigs.reproducible(plain, null), 7200);
    assertThat(unfixed.imageId())
        .as("without a source date the build time and file times reach the image")
        .isNotEqualTo(first.imageId());
  }

  /** Removes the previous image (else "up to date"), shifts every file's time, builds. */
  private ImageResult build(BuildConfig cfg, long shiftSeconds) throws Exception {
    if (ref != null) {
      engine.removeImage(ref);
    }
    FileTime t = FileTime.from(Instant.now().plusSeconds(shiftSeconds));
    try (Stream<Path> files = Files.walk(dir.resolve("repro"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(p, t);
      }
    }
    ImageResult r = new DockerBuild(cfg, engine, runner, GateLog.NONE).run().images().get(0);
    ref = r.primaryRef();
    assertThat(r.status()).as(r.error()).isEqualTo(ImageResult.Status.BUILT);
    return r;
  }
}
