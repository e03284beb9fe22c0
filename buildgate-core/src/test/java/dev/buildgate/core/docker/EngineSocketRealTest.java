package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Unix-socket fast path against the real Docker engine (ENVIRONMENT.md): it answers what
 * docker-java answers for the locally imported buildgate/busybox:local, says "no such image" for a
 * missing one, and an up-to-date check (ping + inspect) never starts docker-java.
 */
class EngineSocketRealTest {

  private static final String IMAGE = "buildgate/busybox:local";

  private static DockerHost host() {
    return DockerHost.resolve(
        System.getenv(), java.nio.file.Path.of(System.getProperty("user.home")));
  }

  @Test
  void pingAndInspectMatchDockerJava() throws Exception {
    EngineSocket socket = EngineSocket.forHost(host()).orElseThrow();
    assertThat(socket.ping()).isTrue();
    ImageInfo fast = socket.inspectImage(IMAGE).orElseThrow();

    DockerEngine engine = DockerEngine.connect(System.getenv());
    try {
      var r = engine.client().inspectImageCmd(IMAGE).exec();
      assertThat(fast.id()).isEqualTo(r.getId());
      assertThat(fast.repoTags()).containsExactlyInAnyOrderElementsOf(r.getRepoTags());
      assertThat(fast.repoDigests())
          .containsExactlyInAnyOrderElementsOf(
              r.getRepoDigests() == null ? java.util.List.of() : r.getRepoDigests());
      assertThat(fast.size()).isEqualTo(r.getSize());
      assertThat(fast.created()).isEqualTo(r.getCreated());
      Map<String, String> labels =
          r.getConfig() == null || r.getConfig().getLabels() == null
              ? Map.of()
              : r.getConfig().getLabels();
      assertThat(fast.labels()).isEqualTo(labels);
      // by id too
      assertThat(socket.inspectImage(r.getId()).orElseThrow().repoTags()).contains(IMAGE);
    } finally {
      engine.close();
    }
  }

  @Test
  void missingImageIsEmpty() throws Exception {
    EngineSocket socket = EngineSocket.forHost(host()).orElseThrow();
    String ref = "buildgate-test/no-such-image:" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(socket.inspectImage(ref)).isEqualTo(Optional.empty());
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
