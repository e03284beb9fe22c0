package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branch cache falling back to the default branch's cache, type=local cache directories, on the
 * real BuildKit daemon that .ci/start-buildkitd.sh runs as buildx builder "buildgate-remote" (the
 * docker driver cannot export cache). Fails in CI (CI=true) when that builder is missing.
 */
@Tag(Requires.BUILDKIT)
class BranchCacheRealTest {
  static final String BUILDER = "buildgate-remote";

  @TempDir Path dir;
  private final LocalProcessRunner runner = new LocalProcessRunner();
  private final DockerEngine engine = DockerEngine.connect(System.getenv());
  private final List<String> refs = new ArrayList<>();

  @AfterEach
  void cleanup() throws Exception {
    try {
      for (String r : refs) {
        engine.removeImage(r);
      }
    } finally {
      engine.close();
    }
  }

  private ImagesFile build(String branch, CacheSettings cache, String prefix) throws Exception {
    ImageSpec spec = TestConfigs.image(dir, "cached", Map.of());
    BuildConfig cfg =
        TestConfigs.config(
            dir,
            List.of(spec),
            prefix,
            List.of(branch),
            "buildx",
            BUILDER,
            cache,
            branch,
            Map.of());
    ImagesFile f = new DockerBuild(cfg, engine, runner, GateLog.NONE).run();
    refs.addAll(f.images().get(0).refs());
    return f;
  }

  private void pruneBuilderCache() throws Exception {
    runner.run(
        ProcessSpec.builder("docker", "buildx", "prune", "--builder", BUILDER, "-af").build());
  }

  @Test
  void featureBranchReadsTheMainScopeAndWritesItsOwn() throws Exception {
    boolean present = "remote".equals(BuildxCommand.driver(runner, "docker", BUILDER));
    if (!"true".equals(System.getenv("CI"))) {
      Requires.that(
          present,
          Requires.BUILDKIT,
          "buildx builder " + BUILDER + " missing: run .ci/start-buildkitd.sh");
    }
    assertThat(present).as("buildx builder " + BUILDER + " (run .ci/start-buildkitd.sh)").isTrue();
    Path ctx = Files.createDirectories(dir.resolve("cached"));
    String nonce = UUID.randomUUID().toString();
    Files.writeString(
        ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n");
    Files.writeString(ctx.resolve("a.txt"), nonce);
    Files.writeString(ctx.resolve("b.txt"), "b");
    Path cacheDir = dir.resolve("cache");
    CacheSettings cache = new CacheSettings("local", cacheDir, null);
    String prefix = "buildgate-test/cache-" + nonce.substring(0, 8);

    pruneBuilderCache();
    ImagesFile main = build("main", cache, prefix);
    assertThat(main.images().get(0).status()).isEqualTo(ImageResult.Status.BUILT);
    assertThat(main.images().get(0).cache().cached()).isZero();
    assertThat(cacheDir.resolve("cached/main/index.json")).exists();
    assertThat(cacheDir.resolve("cached/feature-x")).doesNotExist();

    pruneBuilderCache(); // only the exported main scope can serve the next build
    ImagesFile feature = build("feature-x", cache, prefix);
    ImageResult r = feature.images().get(0);
    assertThat(r.status()).isEqualTo(ImageResult.Status.BUILT);
    String log = Files.readString(dir.resolve("target/buildgate/docker/cached.log"));
    assertThat(log)
        .contains("--cache-from type=local,src=" + cacheDir.resolve("cached/feature-x"))
        .contains("--cache-from type=local,src=" + cacheDir.resolve("cached/main"))
        .contains(
            "--cache-to type=local,dest=" + cacheDir.resolve("cached/feature-x") + ",mode=max")
        .contains("CACHED");
    assertThat(r.cache().cached()).isEqualTo(2);
    assertThat(cacheDir.resolve("cached/feature-x/index.json")).exists();
  }
}
