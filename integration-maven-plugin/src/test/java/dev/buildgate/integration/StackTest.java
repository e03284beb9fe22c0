package dev.buildgate.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    var rendered = new ComposeRenderer.Rendered("", List.of("web"), List.of());
    String url = "https://web:8443/health";
    assertThat(Stack.serviceAddress(WaitSpec.http(url, true, 200, 399, null), url, rendered, p))
        .isEqualTo("https://10.213.47.2:443/health");
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
  void serviceAddressesInWaits() throws Exception {
    var rendered = new ComposeRenderer.Rendered("", List.of("web", "db"), List.of());
    Map<String, String> p = Stack.properties("p", "1", List.of(WEB), "127.0.0.1");
    assertThat(Stack.serviceAddress(WaitSpec.tcp("web:8080"), "web:8080", rendered, p))
        .isEqualTo("127.0.0.1:49153");
    String url = "https://web:8443/api/v1/health/live";
    assertThat(Stack.serviceAddress(WaitSpec.http(url, true, 200, 399, null), url, rendered, p))
        .isEqualTo("https://127.0.0.1:443/api/v1/health/live");
    assertThat(Stack.serviceAddress(WaitSpec.tcp("localhost:1"), "localhost:1", rendered, p))
        .isEqualTo("localhost:1");
    assertThatThrownBy(() -> Stack.serviceAddress(WaitSpec.tcp("db:5432"), "db:5432", rendered, p))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("service db does not publish port 5432")
        .hasMessageContaining("127.0.0.1::5432");
  }

  @Test
  void builtImagesGetOneStableNamePerProjectAndService() {
    assertThat(Stack.builtImageName("dev.buildgate:My_App", "web"))
        .isEqualTo("dev-buildgate-my-app-web:buildgate-ci");
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
