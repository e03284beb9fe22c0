package dev.buildgate.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkTest {

  private static final ProxySettings HTTP =
      new ProxySettings(
          "proxy.corp", 3128, "ci", "p@ss:w rd", List.of("*.internal.corp", "10.0.*"));
  private static final ProxySettings HTTPS =
      new ProxySettings("tls-proxy.corp", 8443, null, null, List.of("repo.corp"));

  @Test
  void directNetworkChangesNothing() {
    assertThat(Network.DIRECT.toolEnv()).isEmpty();
    assertThat(Network.DIRECT.secrets()).isEmpty();
    assertThat(Network.DIRECT.javaProxy(URI.create("https://example.org/x"))).isEmpty();
    assertThat(Network.DIRECT.authenticator()).isEmpty();
  }

  @Test
  void toolsGetBothCasesOfTheProxyVariablesWithLoopbackInNoProxy() {
    Network n = new Network(false, HTTP, HTTPS);
    String http = "http://ci:p%40ss%3Aw%20rd@proxy.corp:3128";
    assertThat(n.toolEnv())
        .containsEntry("HTTP_PROXY", http)
        .containsEntry("http_proxy", http)
        .containsEntry("HTTPS_PROXY", "http://tls-proxy.corp:8443")
        .containsEntry("https_proxy", "http://tls-proxy.corp:8443")
        .containsEntry("NO_PROXY", "127.0.0.1,localhost,::1,.internal.corp,10.0.*,repo.corp")
        .containsEntry("no_proxy", "127.0.0.1,localhost,::1,.internal.corp,10.0.*,repo.corp")
        .doesNotContainKey("UV_OFFLINE");
    assertThat(n.secrets()).containsExactly("p@ss:w rd", "p%40ss%3Aw%20rd");
  }

  @Test
  void offlineMakesUvOffline() {
    assertThat(new Network(true, null, null).toolEnv())
        .containsExactly(java.util.Map.entry("UV_OFFLINE", "1"));
  }

  @Test
  void javaProxyPerSchemeWithLoopbackAndNonProxyHostsDirect() {
    Network n = new Network(false, HTTP, HTTPS);
    assertThat(n.javaProxy(URI.create("http://api.example.org/openapi.json")))
        .hasValueSatisfying(
            p -> {
              assertThat(p.type()).isEqualTo(Proxy.Type.HTTP);
              InetSocketAddress a = (InetSocketAddress) p.address();
              assertThat(a.getHostString() + ":" + a.getPort()).isEqualTo("proxy.corp:3128");
            });
    assertThat(n.javaProxy(URI.create("https://api.example.org/openapi.json")))
        .hasValueSatisfying(
            p ->
                assertThat(((InetSocketAddress) p.address()).getHostString())
                    .isEqualTo("tls-proxy.corp"));
    for (String direct :
        List.of(
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://[::1]:9/x",
            "http://svc.internal.corp/x",
            "http://10.0.3.4/x",
            "https://repo.corp/x")) {
      assertThat(n.javaProxy(URI.create(direct))).as(direct).contains(Proxy.NO_PROXY);
    }
    // a https-only proxy leaves http to the JVM's own settings
    assertThat(new Network(false, null, HTTPS).javaProxy(URI.create("http://a.org/"))).isEmpty();
  }

  @Test
  void passwordsNeverShowInToString() {
    Network n = new Network(true, HTTP, HTTP);
    assertThat(n.toString()).contains("ci:****@proxy.corp:3128").doesNotContain("p@ss");
  }

  @Test
  void nonProxyHostsAreSplitAtBarsAndCommas() {
    assertThat(ProxySettings.splitNonProxyHosts(" localhost|*.corp , 10.* ||"))
        .containsExactly("localhost", "*.corp", "10.*");
    assertThat(ProxySettings.splitNonProxyHosts(null)).isEmpty();
  }

  @Test
  void aProxyNeedsHostAndPort() {
    assertThatThrownBy(() -> new ProxySettings("", 3128, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProxySettings("p", 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offlineRefusalIsOneLineWithTheFix() {
    assertThat(Network.offlineRefusal("docker:push", "push the images to the registry"))
        .isEqualTo("offline: docker:push would push the images to the registry; run without -o");
  }
}
