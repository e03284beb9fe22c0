package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Containers by label, logs and health on the real engine (container from buildgate/busybox:local).
 */
class DockerEngineContainersRealTest {
  private final DockerEngine engine = DockerEngine.connect(System.getenv());
  private String id;

  @AfterEach
  void cleanup() throws Exception {
    try {
      if (id != null) {
        engine.client().removeContainerCmd(id).withForce(true).exec();
      }
    } finally {
      engine.close();
    }
  }

  @Test
  void labelledContainerLogsAndHealth() throws Exception {
    String run = UUID.randomUUID().toString();
    id =
        engine
            .client()
            .createContainerCmd("buildgate/busybox:local")
            .withCmd("sh", "-c", "echo hello-from-logs; echo to-stderr >&2; exec sleep 60")
            .withLabels(Map.of("dev.buildgate.test", run))
            .withHealthcheck(
                new HealthCheck()
                    .withTest(List.of("CMD", "true"))
                    .withInterval(Duration.ofMillis(300).toNanos())
                    .withRetries(3))
            .exec()
            .getId();
    engine.client().startContainerCmd(id).exec();

    List<ContainerInfo> found = engine.containersByLabel("dev.buildgate.test", run);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).id()).isEqualTo(id);
    assertThat(found.get(0).labels()).containsEntry("dev.buildgate.test", run);
    assertThat(engine.containersByLabel("dev.buildgate.test", null))
        .extracting(ContainerInfo::id)
        .contains(id);

    Optional<String> health = Optional.empty();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      health = engine.health(id);
      if (health.isPresent() && health.get().equals("healthy")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(health).contains("healthy");
    String logs = engine.logs(id, 0, Duration.ofSeconds(5));
    assertThat(logs).contains("hello-from-logs").contains("to-stderr");
  }
}
