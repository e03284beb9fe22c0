package dev.buildgate.docs.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docs.TestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
      OpenApiSpec spec = new OpenApiLoader(GateLog.NONE).load(url(http.url("/openapi.json"), 3));
      assertThat(spec.version()).isEqualTo("openapi 3.0.3");
      assertThat(http.requests).hasSize(3);
    }
  }

  /** A local server streaming {@code size} bytes of a JSON string, with or without a length. */
  private static HttpServer huge(long size, boolean declareLength, AtomicInteger requests)
      throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/openapi.json",
        ex -> {
          requests.incrementAndGet();
          ex.sendResponseHeaders(200, declareLength ? size : 0);
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'a');
          try (OutputStream out = ex.getResponseBody()) {
            out.write("{\"openapi\":\"3.0.3\",\"x\":\"".getBytes(StandardCharsets.UTF_8));
            for (long sent = 0; sent < size; sent += chunk.length) {
              out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
            }
          } catch (IOException e) {
            // the client hung up at the cap
          }
        });
    server.start();
    return server;
  }

  @Test
  void aSpecOverTheCapFailsWithOneLineWithoutRetryWhetherItsLengthIsDeclaredOrNot()
      throws Exception {
    long cap = 1024 * 1024;
    for (boolean declared : new boolean[] {true, false}) {
      AtomicInteger requests = new AtomicInteger();
      HttpServer server = huge(50L * 1024 * 1024, declared, requests);
      try {
        String u = "http://127.0.0.1:" + server.getAddress().getPort() + "/openapi.json";
        OpenApiOptions o =
            new OpenApiOptions(
                u,
                null,
                null,
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(10),
                false,
                List.of(),
                cap);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new OpenApiLoader(GateLog.NONE).load(o))
            .isInstanceOf(GateCannotRunException.class)
            .hasMessageContaining("OpenAPI spec from " + u + " is too large")
            .hasMessageContaining("the cap is 1048576 bytes")
            .hasMessageContaining("<openapiMaxSize>")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(requests.get()).as("not retried").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      } finally {
        server.stop(0);
      }
    }
  }

  @Test
  void aSpecFileOverTheCapFailsToo() throws Exception {
    Path big = tmp.resolve("openapi.json");
    Files.write(big, new byte[2048]);
    OpenApiOptions o = new OpenApiOptions(null, big, null, null, 0, null, false, List.of(), 1024);
    assertThatThrownBy(() -> new OpenApiLoader(GateLog.NONE).load(o))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageContaining("is too large (2048 bytes; the cap is 1024 bytes)");
  }

  @Test
  void http404IsNotRetriedAndNamesTheUrl() throws Exception {
    try (TestSupport.Http http = new TestSupport.Http()) {
      String u = http.url("/nope.json");
      assertThatThrownBy(() -> new OpenApiLoader(GateLog.NONE).load(url(u, 3)))
          .isInstanceOf(GateCannotRunException.class)
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
    assertThatThrownBy(() -> new OpenApiLoader(GateLog.NONE).load(url(u, 1)))
        .isInstanceOf(GateCannotRunException.class)
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
      assertThatThrownBy(() -> new OpenApiLoader(GateLog.NONE).load(url(u, 0)))
          .isInstanceOf(GateFailedException.class)
          .hasMessageContaining(u);
    }
  }

  @Test
  void unresolvedPropertyAndBadSchemeAndMissingFile() {
    OpenApiLoader loader = new OpenApiLoader(GateLog.NONE);
    assertThatThrownBy(() -> loader.load(url("http://127.0.0.1:${integration.api.443}/x", 0)))
        .hasMessageContaining("unresolved property");
    assertThatThrownBy(() -> loader.load(url("ftp://127.0.0.1/x", 0)))
        .hasMessageContaining("must be http:// or https://");
    Path missing = tmp.resolve("missing.json");
    assertThatThrownBy(
            () ->
                loader.load(
                    new OpenApiOptions(null, missing, null, null, 0, null, false, List.of())))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }
}
