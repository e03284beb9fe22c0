package dev.buildgate.integration.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.integration.IntegrationConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitTargetsTest {
  @Test
  void aRemoteDaemonsPortsAreReachedOnItsHost() throws Exception {
    Map<String, String> p =
        Map.of("integration.web.8443", "10.213.47.2:443", "integration.host", "10.213.47.2");
    String url = "https://web:8443/health";
    assertThat(
            WaitTargets.serviceAddress(
                WaitSpec.http(url, true, 200, 399, null), url, List.of("web"), p))
        .isEqualTo("https://10.213.47.2:443/health");
  }

  @Test
  void serviceAddressesInWaits() throws Exception {
    List<String> services = List.of("web", "db");
    Map<String, String> p =
        Map.of("integration.web.8080", "127.0.0.1:49153", "integration.web.8443", "127.0.0.1:443");
    assertThat(WaitTargets.serviceAddress(WaitSpec.tcp("web:8080"), "web:8080", services, p))
        .isEqualTo("127.0.0.1:49153");
    String url = "https://web:8443/api/v1/health/live";
    assertThat(
            WaitTargets.serviceAddress(WaitSpec.http(url, true, 200, 399, null), url, services, p))
        .isEqualTo("https://127.0.0.1:443/api/v1/health/live");
    assertThat(WaitTargets.serviceAddress(WaitSpec.tcp("localhost:1"), "localhost:1", services, p))
        .isEqualTo("localhost:1");
    assertThatThrownBy(
            () -> WaitTargets.serviceAddress(WaitSpec.tcp("db:5432"), "db:5432", services, p))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("service db does not publish port 5432")
        .hasMessageContaining("127.0.0.1::5432");
  }
}
