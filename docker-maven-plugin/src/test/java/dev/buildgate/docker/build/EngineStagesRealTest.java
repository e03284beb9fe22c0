package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docker.image.ImagesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine builder's multi-stage images on the real daemon (issue 15, item 9). */
class EngineStagesRealTest {

  @TempDir Path dir;

  private static final LocalProcessRunner RUNNER = new LocalProcessRunner();

  private static final GateLog LOG = GateLog.NONE;

  private BuildConfig config(List<ImageSpec> images, String builder, int parallelism) {
    BuildConfig c =
        TestConfigs.config(
            dir,
            images,
            "buildgate-test",
            List.of("main"),
            builder,
            null,
            new CacheSettings("auto", dir.resolve("cache"), null),
            "main",
            System.getenv());
    return TestConfigs.copy(c, parallelism, c.noCache(), c.sourceDate());
  }

  @Test
  void theEarlierStagesOfAnEngineBuildAreLabelledForTheCleanup() throws Exception {
    String name = "core-engine-stages-" + UUID.randomUUID().toString().substring(0, 8);
    Path ctx = Files.createDirectories(dir.resolve(name));
    Files.writeString(ctx.resolve("artifact"), name + "\n");
    // no RUN: the build needs no container, only the daemon's image store
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM buildgate/busybox:local AS build\n"
            + "COPY artifact /artifact\n"
            + "FROM buildgate/busybox:local\n"
            + "COPY --from=build /artifact /artifact\n");
    BuildConfig c = config(List.of(TestConfigs.image(dir, name, Map.of())), "engine", 1);
    List<String> refs = new ArrayList<>();
    try (DockerEngine engine = DockerEngine.connect(System.getenv())) {
      ImagesFile out = new DockerBuild(c, engine, RUNNER, LOG).run();
      out.images().forEach(i -> refs.addAll(i.refs()));
      String stages = docker("image", "ls", "-q", "--filter", "label=dev.buildgate.stage=" + name);
      assertThat(stages.lines().filter(l -> !l.isBlank()).count())
          .as("the build stage's image carries the stage label")
          .isGreaterThanOrEqualTo(1);
    } finally {
      if (!refs.isEmpty()) {
        List<String> rm = new ArrayList<>(List.of("image", "rm", "-f"));
        rm.addAll(refs);
        docker(rm.toArray(String[]::new));
      }
      // the stage image is dangling once the final image is gone: exactly what the cleanup prunes
      docker("image", "prune", "-f", "--filter", "label=dev.buildgate.stage=" + name);
      assertThat(docker("image", "ls", "-aq", "--filter", "label=dev.buildgate.stage=" + name))
          .isBlank();
    }
  }

  private static String docker(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    ProcessResult r =
        RUNNER.run(ProcessSpec.builder(argv).timeout(Duration.ofMinutes(2)).build(), LineSink.NONE);
    assertThat(r.exitCode()).as(String.join(" ", argv) + ": " + r.outputTail(10)).isZero();
    return r.stdout();
  }
}
