package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.testing.RecordingLog;
import dev.buildgate.docker.DockerConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which builder docker:build picks, from what {@code docker buildx} answers (recorded runner). */
class BuilderChoiceTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  private BuildConfig config(String builder, String buildxBuilder, String cacheType) {
    return TestConfigs.config(
        dir,
        List.of(),
        "",
        List.of("main"),
        builder,
        buildxBuilder,
        new CacheSettings(cacheType, dir, null),
        "main",
        Map.of());
  }

  private DockerBuild build(String builder, String cacheType, boolean buildx, String driver) {
    ProcessRunner runner =
        (spec, sink) -> {
          List<String> a = spec.argv();
          boolean version = a.contains("version");
          int exit = !buildx ? 1 : 0;
          String out =
              version
                  ? "github.com/docker/buildx 0.13.1"
                  : "Name: x\nDriver:        " + driver + "\n";
          return new ProcessResult(a, exit, out, "", false, Duration.ZERO);
        };
    BuildConfig cfg = config(builder, null, cacheType);
    return new DockerBuild(cfg, null, runner, log);
  }

  @Test
  void autoFallsBackToTheEngineWhenBuildxIsMissing() throws Exception {
    assertThat(build("auto", "auto", false, null).chooseBuilder().kind()).isEqualTo("engine");
    assertThat(log.lines)
        .anyMatch(
            w -> w.startsWith("WARN ") && w.contains("buildx not found") && w.contains("engine"));
  }

  @Test
  void explicitBuildxWithoutBuildxIsAConfigError() {
    assertThatThrownBy(() -> build("buildx", "auto", false, null).chooseBuilder())
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("install the docker buildx plugin");
  }

  @Test
  void buildxWhenPresentAndCacheRulesByDriver() throws Exception {
    assertThat(build("auto", "auto", true, "docker").chooseBuilder().kind()).isEqualTo("buildx");
    assertThat(build("auto", "local", true, "docker-container").chooseBuilder().kind())
        .isEqualTo("buildx");
    assertThatThrownBy(() -> build("auto", "local", true, "docker").chooseBuilder())
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("uses the docker driver");
    assertThatThrownBy(() -> build("auto", "sometimes", true, "docker-container").chooseBuilder())
        .hasMessageContaining("is not one of auto, local, registry, none");
    assertThatThrownBy(() -> build("kaniko", "auto", true, "docker").chooseBuilder())
        .hasMessageContaining("<builder>kaniko</builder> is not one of auto, buildx, engine");
  }

  @Test
  void aMissingBuilderIsToldFromAMissingBuildx() {
    ProcessRunner runner =
        (spec, sink) ->
            new ProcessResult(
                spec.argv(),
                spec.argv().contains("version") ? 0 : 1,
                spec.argv().contains("version") ? "github.com/docker/buildx 0.13.1" : "",
                "ERROR: no builder \"ci\" found",
                false,
                Duration.ZERO);
    BuildConfig cfg = config("auto", "ci", "auto");
    assertThatThrownBy(() -> new DockerBuild(cfg, null, runner, log).chooseBuilder())
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("buildx builder 'ci' not found");
  }

  @Test
  void theModulesOfOneBuildAskBuildxOnce() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    ProcessRunner runner =
        (spec, sink) -> {
          asked.incrementAndGet();
          String out =
              spec.argv().contains("version")
                  ? "github.com/docker/buildx 0.13.1"
                  : "Name: x\nDriver: docker-container\n";
          return new ProcessResult(spec.argv(), 0, out, "", false, Duration.ZERO);
        };
    BuildConfig cfg = config("auto", null, "auto");
    String build = "2026-12-06T02:00:00Z-" + System.nanoTime();
    for (int module = 0; module < 3; module++) {
      assertThat(
              new DockerBuild(TestConfigs.inBuild(cfg, build), null, runner, log)
                  .chooseBuilder()
                  .kind())
          .isEqualTo("buildx");
    }
    assertThat(asked).hasValue(1); // inspect, once
    new DockerBuild(TestConfigs.inBuild(cfg, build + "-next"), null, runner, log).chooseBuilder();
    assertThat(asked).hasValue(2); // the next build asks again
    new DockerBuild(cfg, null, runner, log).chooseBuilder();
    assertThat(asked).hasValue(3); // no build id: no memo
  }
}
