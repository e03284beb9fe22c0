package dev.buildgate.integration.compose;

import dev.buildgate.core.testing.Hostile;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The user's compose file, whatever it holds, renders or fails with {@link
 * IntegrationConfigException} (one line naming the file), in bounded time and memory; overrides
 * applied to an odd service shape are no exception either.
 */
class ComposePropertiesTest {

  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("compose-props");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static final List<ServiceOverride> OVERRIDES =
      List.of(
          ServiceOverride.builder("backend")
              .env("APP_ENV", "ci")
              .removeEnv("RELOAD")
              .removeVolume("./backend:/app")
              .removeVolumesContaining(".venv")
              .addVolume("data:/data")
              .removeHealthcheck()
              .dependsOn("mongo", "service_healthy")
              .extraHost("host.docker.internal:host-gateway")
              .build(),
          ServiceOverride.builder("redis").image("redis:7-alpine").build(),
          ServiceOverride.builder("worker").drop().build());

  @Provide
  Arbitrary<byte[]> composeFiles() {
    return Hostile.anyOf(
        ComposeRendererTest.DEV,
        "services:\n  backend:\n    image: x\n    environment: {A: 1}\n  redis: {image: r}\n"
            + "  worker: {image: w}\n  mongo: {image: m}\n");
  }

  @Property(tries = 150)
  void anyComposeFile(@ForAll("composeFiles") byte[] content) throws IOException {
    Path f = dir.resolve("docker-compose.yaml");
    Files.write(f, content);
    Hostile.check(
        () -> ComposeRenderer.render(List.of(f), List.of()), IntegrationConfigException.class);
    Hostile.check(
        () -> ComposeRenderer.render(List.of(f), OVERRIDES), IntegrationConfigException.class);
  }
}
