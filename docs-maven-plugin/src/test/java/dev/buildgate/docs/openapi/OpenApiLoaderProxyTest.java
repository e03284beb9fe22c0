package dev.buildgate.docs.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.net.ProxySettings;
import dev.buildgate.docs.RecordingProxy;
import dev.buildgate.docs.TestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings.xml proxy of the OpenAPI fetch (Buildgate's own HTTP), through a real proxy on
 * loopback that records what went through it. The origin's host names exist only in the proxy, so a
 * request that reaches it went through the proxy.
 */
class OpenApiLoaderProxyTest {

  private static final String USER = "ci-user";
  private static final String PASSWORD = "p@ss w0rd:proxy";

  @TempDir Path tmp;

  final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  final GateLog log =
      new GateLog() {
        @Override
        public void info(String m) {
          logged.add(m);
        }

        @Override
        public void warn(String m) {
          logged.add(m);
        }

        @Override
        public void debug(String m) {
          logged.add(m);
        }
      };

  private static Network via(
      RecordingProxy proxy, String user, String password, String... nonProxyHosts) {
    ProxySettings p =
        new ProxySettings("127.0.0.1", proxy.port(), user, password, List.of(nonProxyHosts));
    return new Network(false, p, p);
  }

  private static OpenApiOptions url(String url) {
    return new OpenApiOptions(
        url, null, null, Duration.ofSeconds(5), 0, Duration.ofMillis(10), false, List.of());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void openApiSpecIsFetchedThroughTheProxy() throws Exception {
    try (TestSupport.Http origin = new TestSupport.Http();
        RecordingProxy proxy = new RecordingProxy(null, null)) {
      origin.serve("/openapi.json", TestSupport.SPEC_JSON);
      proxy.route("api.buildgate.test", origin.server.getAddress().getPort());
      String u = "http://api.buildgate.test:8080/openapi.json";

      OpenApiSpec spec = new OpenApiLoader(log, via(proxy, null, null)).load(url(u));

      assertThat(spec.version()).isEqualTo("openapi 3.0.3");
      assertThat(proxy.requests).containsExactly(new RecordingProxy.Request("GET", u, null));
      assertThat(origin.requests).containsExactly("/openapi.json");
      // without the proxy the name does not resolve: the fetch above really went through it
      assertThatThrownBy(() -> new OpenApiLoader(log, Network.DIRECT).load(url(u)))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessageContaining("unknown host");
    }
  }

  @Test
  void proxyCredentialsAnswerTheChallengeAndAreNeverLogged() throws Exception {
    try (TestSupport.Http origin = new TestSupport.Http();
        RecordingProxy proxy = new RecordingProxy(USER, PASSWORD)) {
      origin.serve("/openapi.json", TestSupport.SPEC_JSON);
      proxy.route("api.buildgate.test", origin.server.getAddress().getPort());
      String u = "http://api.buildgate.test/openapi.json";

      new OpenApiLoader(log, via(proxy, USER, PASSWORD)).load(url(u));

      assertThat(proxy.requests)
          .extracting(RecordingProxy.Request::proxyAuthorization)
          .containsExactly(null, basic(USER, PASSWORD)); // 407, then the answer
      assertThat(String.join("\n", logged)).doesNotContain(PASSWORD);

      // a wrong password fails with the proxy's status, and the password is not in the message
      assertThatThrownBy(() -> new OpenApiLoader(log, via(proxy, USER, "wrong")).load(url(u)))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessageContaining("407")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong"));
    }
  }

  @Test
  void loopbackAndNonProxyHostsGoDirect() throws Exception {
    try (TestSupport.Http origin = new TestSupport.Http();
        RecordingProxy proxy = new RecordingProxy(null, null)) {
      origin.serve("/openapi.json", TestSupport.SPEC_JSON);
      proxy.route("api.direct.test", origin.server.getAddress().getPort());
      Network network = via(proxy, null, null, "*.direct.test");

      // loopback: direct, always
      new OpenApiLoader(log, network).load(url(origin.url("/openapi.json")));
      assertThat(origin.requests).hasSize(1);
      // a nonProxyHosts name: tried directly (and so not found), never sent to the proxy
      assertThatThrownBy(
              () ->
                  new OpenApiLoader(log, network).load(url("http://api.direct.test/openapi.json")))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessageContaining("unknown host");
      assertThat(proxy.requests).isEmpty();
    }
  }

  @Test
  void offlineFetchesOnlyFromLoopback() throws Exception {
    try (TestSupport.Http origin = new TestSupport.Http();
        RecordingProxy proxy = new RecordingProxy(null, null)) {
      origin.serve("/openapi.json", TestSupport.SPEC_JSON);
      ProxySettings p = new ProxySettings("127.0.0.1", proxy.port(), null, null, List.of());
      Network offline = new Network(true, p, p);

      assertThatThrownBy(
              () ->
                  new OpenApiLoader(log, offline)
                      .load(url("http://api.buildgate.test/openapi.json")))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessage(
              "offline: the OpenAPI spec at http://api.buildgate.test/openapi.json is not on this"
                  + " machine; run without -o or set buildgate.docs.openapi.file");
      new OpenApiLoader(log, offline).load(url(origin.url("/openapi.json")));
      assertThat(proxy.requests).isEmpty();
      assertThat(origin.requests).hasSize(1);
    }
  }
}
