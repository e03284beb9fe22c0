package dev.buildgate.integration.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.integration.ServiceContainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackTest {
  private static final ServiceContainer WEB =
      new ServiceContainer(
          "1",
          "p-web-1",
          "web",
          "running",
          0,
          null,
          List.of(
              new ServiceContainer.PublishedPort(8080, "tcp", "0.0.0.0", 49153),
              new ServiceContainer.PublishedPort(8080, "tcp", "::", 49153),
              new ServiceContainer.PublishedPort(8443, "tcp", "127.0.0.1", 443),
              new ServiceContainer.PublishedPort(53, "udp", "127.0.0.1", 5353)));

  @Test
  void exportsEveryPublishedPort() {
    Map<String, String> p = Stack.properties("bg-app-1", "42", List.of(WEB), "127.0.0.1");
    assertThat(p)
        .containsEntry("integration.project", "bg-app-1")
        .containsEntry("integration.runId", "42")
        .containsEntry("integration.web.8080", "127.0.0.1:49153")
        .containsEntry("integration.web.8080.host", "127.0.0.1")
        .containsEntry("integration.web.8080.port", "49153")
        .containsEntry("integration.web.8443", "127.0.0.1:443")
        .containsEntry("integration.web.53.udp", "127.0.0.1:5353");
    assertThat(Stack.envName("integration.schema-registry.8081"))
        .isEqualTo("INTEGRATION_SCHEMA_REGISTRY_8081");
  }

  @Test
  void aRemoteDaemonsPortsAreReachedOnItsHost() throws Exception {
    Map<String, String> p = Stack.properties("p", "1", List.of(WEB), "10.213.47.2");
    assertThat(p)
        .containsEntry("integration.host", "10.213.47.2")
        .containsEntry("integration.web.8080", "10.213.47.2:49153")
        .containsEntry("integration.web.8080.host", "10.213.47.2")
        // bound to the daemon's loopback in the compose file (the CI file rebinds it)
        .containsEntry("integration.web.8443", "10.213.47.2:443");
  }

  @Test
  void publishedPortAddresses() {
    var wildcard = new ServiceContainer.PublishedPort(80, "tcp", "0.0.0.0", 8080);
    var v6 = new ServiceContainer.PublishedPort(80, "tcp", "::", 8080);
    var loopback = new ServiceContainer.PublishedPort(80, "tcp", "127.0.0.1", 8080);
    var explicit = new ServiceContainer.PublishedPort(80, "tcp", "192.0.2.7", 8080);
    assertThat(wildcard.address()).isEqualTo("127.0.0.1:8080");
    assertThat(v6.address()).isEqualTo("[::1]:8080");
    assertThat(loopback.address("127.0.0.1")).isEqualTo("127.0.0.1:8080");
    assertThat(explicit.address("127.0.0.1")).isEqualTo("192.0.2.7:8080");
    assertThat(wildcard.address("docker")).isEqualTo("docker:8080");
    assertThat(v6.address("docker")).isEqualTo("docker:8080");
    assertThat(loopback.address("docker")).isEqualTo("docker:8080");
    assertThat(explicit.address("docker")).isEqualTo("192.0.2.7:8080");
    assertThat(wildcard.address("fd00::5")).isEqualTo("[fd00::5]:8080");
    assertThat(wildcard.address("[fd00::5]")).isEqualTo("[fd00::5]:8080");
  }

  @Test
  void ownerIsGoneOnlyForDeadProcessesOfThisHost() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    assertThat(Stack.ownerGone(Stack.hostName() + "/" + p.pid())).isTrue();
    assertThat(Stack.ownerGone(Stack.owner())).isFalse(); // this JVM
    Process alive = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(Stack.ownerGone(Stack.hostName() + "/" + alive.pid())).isFalse();
    } finally {
      alive.destroyForcibly();
    }
    assertThat(Stack.ownerGone("other-host/" + p.pid())).isFalse();
    assertThat(Stack.ownerGone("garbage")).isFalse();
  }
}
