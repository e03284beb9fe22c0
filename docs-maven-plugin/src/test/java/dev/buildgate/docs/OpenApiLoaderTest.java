package dev.buildgate.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiLoaderTest {

  @TempDir Path tmp;

  private static OpenApiOptions url(String url, int retries) {
    return new OpenApiOptions(
        url, null, null, Duration.ofSeconds(5), retries, Duration.ofMillis(50), false, List.of());
  }

  @Test
  void fetchesFromLocalServerAndRetriesOn503() throws Exception {
    try (TestSupport.Http http = new TestSupport.Http()) {
      http.serve("/openapi.json", TestSupport.SPEC_JSON, 503, 503, 200);
      OpenApiSpec spec = new OpenApiLoader(DocsLog.NONE).load(url(http.url("/openapi.json"), 3));
      assertThat(spec.version()).isEqualTo("openapi 3.0.3");
      assertThat(http.requests).hasSize(3);
    }
  }

  @Test
  void http404IsNotRetriedAndNamesTheUrl() throws Exception {
    try (TestSupport.Http http = new TestSupport.Http()) {
      String u = http.url("/nope.json");
      assertThatThrownBy(() -> new OpenApiLoader(DocsLog.NONE).load(url(u, 3)))
          .isInstanceOf(DocsSetupException.class)
          .hasMessageContaining(u)
          .hasMessageContaining("HTTP 404");
      assertThat(http.requests).hasSize(1);
    }
  }

  @Test
  void unreachableUrlSaysSoAfterBoundedRetries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String u = "http://127.0.0.1:" + port + "/openapi.json";
    long start = System.nanoTime();
    assertThatThrownBy(() -> new OpenApiLoader(DocsLog.NONE).load(url(u, 1)))
        .isInstanceOf(DocsSetupException.class)
        .hasMessageContaining("Could not fetch the OpenAPI spec from " + u)
        .hasMessageContaining("connection refused")
        .hasMessageContaining("retries 1");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void invalidSpecFromUrlIsAGateFailureNamingTheUrl() throws Exception {
    try (TestSupport.Http http = new TestSupport.Http()) {
      http.serve("/openapi.json", "<html>Sign in</html>");
      String u = http.url("/openapi.json");
      assertThatThrownBy(() -> new OpenApiLoader(DocsLog.NONE).load(url(u, 0)))
          .isInstanceOf(DocsGateException.class)
          .hasMessageContaining(u);
    }
  }

  @Test
  void unresolvedPropertyAndBadSchemeAndMissingFile() {
    OpenApiLoader loader = new OpenApiLoader(DocsLog.NONE);
    assertThatThrownBy(() -> loader.load(url("http://127.0.0.1:${integration.api.443}/x", 0)))
        .hasMessageContaining("unresolved property");
    assertThatThrownBy(() -> loader.load(url("ftp://127.0.0.1/x", 0)))
        .hasMessageContaining("must be http:// or https://");
    Path missing = tmp.resolve("missing.json");
    assertThatThrownBy(
            () ->
                loader.load(
                    new OpenApiOptions(null, missing, null, null, 0, null, false, List.of())))
        .isInstanceOf(DocsSetupException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }
}
