package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The socket client against the real Docker engine (ENVIRONMENT.md): it answers what docker-java
 * answers for the locally imported buildgate/busybox:local, says "no such image" for a missing one,
 * ends an events stream at its {@code until}, and an up-to-date check (ping + inspect) never starts
 * docker-java.
 */
class EngineApiRealTest {

  private static final String IMAGE = "buildgate/busybox:local";

  private static EngineApi api() {
    return EngineApi.local(
            DockerHost.resolve(System.getenv(), Path.of(System.getProperty("user.home"))))
        .orElseThrow();
  }

  @Test
  void pingAndInspectMatchDockerJava() throws Exception {
    EngineApi api = api();
    assertThat(api.ping()).isTrue();
    ImageInfo fast = api.inspectImage(IMAGE).orElseThrow();

    DockerEngine engine = DockerEngine.connect(System.getenv());
    try {
      var r = engine.client().inspectImageCmd(IMAGE).exec();
      assertThat(fast.id()).isEqualTo(r.getId());
      assertThat(fast.repoTags()).containsExactlyInAnyOrderElementsOf(r.getRepoTags());
      assertThat(fast.repoDigests())
          .containsExactlyInAnyOrderElementsOf(
              r.getRepoDigests() == null ? List.of() : r.getRepoDigests());
      assertThat(fast.size()).isEqualTo(r.getSize());
      assertThat(fast.created()).isEqualTo(r.getCreated());
      Map<String, String> labels =
          r.getConfig() == null || r.getConfig().getLabels() == null
              ? Map.of()
              : r.getConfig().getLabels();
      assertThat(fast.labels()).isEqualTo(labels);
      // by id too
      assertThat(api.inspectImage(r.getId()).orElseThrow().repoTags()).contains(IMAGE);
    } finally {
      engine.close();
    }
  }

  @Test
  void missingImageIsEmpty_noContainersCarryARandomLabel_andEventsEnd() throws Exception {
    EngineApi api = api();
    String random = UUID.randomUUID().toString().substring(0, 8);
    assertThat(api.inspectImage("buildgate-test/no-such-image:" + random))
        .isEqualTo(Optional.empty());
    assertThat(api.containersByLabel("buildgate.test", random)).isEmpty();
    String now = Long.toString(System.currentTimeMillis() / 1000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    api.events("0", now, "buildgate.test=" + random, out, Duration.ofSeconds(20));
    assertThat(out.size()).isZero();
  }

  @Test
  void upToDateCheckDoesNotStartDockerJava() throws Exception {
    try (DockerEngine engine = DockerEngine.connect(System.getenv())) {
      engine.ping();
      assertThat(engine.inspectImage(IMAGE)).isPresent();
      assertThat(engine.inspectImage("buildgate-test/no-such-image:x")).isEmpty();
      assertThat(engine.clientStarted()).isFalse();
      // what the socket does not answer still works, through docker-java
      assertThat(engine.apiVersion()).matches("1\\.\\d+");
      assertThat(engine.clientStarted()).isTrue();
      assertThat(engine.inspectImage(IMAGE)).isPresent();
    }
  }
}
