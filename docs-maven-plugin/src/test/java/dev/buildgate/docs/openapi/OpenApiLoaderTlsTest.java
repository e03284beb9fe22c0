package dev.buildgate.docs.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.net.ProxySettings;
import dev.buildgate.docs.RecordingProxy;
import dev.buildgate.docs.TestSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS verification is on by default; insecure is an explicit opt-out (self-signed stacks). */
class OpenApiLoaderTlsTest {

  @TempDir static Path tmp;
  static HttpsServer server;

  @BeforeAll
  static void selfSignedServer() throws Exception {
    Path keystore = tmp.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext(
        "/openapi.json",
        exchange -> {
          byte[] body = TestSupport.SPEC_JSON.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(body);
          }
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private OpenApiOptions options(boolean insecure) {
    return new OpenApiOptions(
        "https://127.0.0.1:" + server.getAddress().getPort() + "/openapi.json",
        null,
        null,
        Duration.ofSeconds(5),
        2,
        Duration.ofMillis(10),
        insecure,
        List.of());
  }

  @Test
  void selfSignedCertificateFailsByDefaultWithTheOptOutNamed() {
    assertThatThrownBy(() -> new OpenApiLoader(GateLog.NONE).load(options(false)))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageContaining("TLS error")
        .hasMessageContaining("-Dbuildgate.docs.openapi.insecure");
  }

  @Test
  void insecureOptOutFetchesFromTheSelfSignedServer() throws Exception {
    OpenApiSpec spec = new OpenApiLoader(GateLog.NONE).load(options(true));
    assertThat(spec.title()).isEqualTo("Demo Service");
  }

  @Test
  void httpsGoesThroughTheProxyAsATunnel() throws Exception {
    try (RecordingProxy proxy = new RecordingProxy(null, null)) {
      proxy.route("secure.buildgate.test", server.getAddress().getPort());
      ProxySettings p = new ProxySettings("127.0.0.1", proxy.port(), null, null, List.of());
      OpenApiOptions o =
          new OpenApiOptions(
              "https://secure.buildgate.test/openapi.json",
              null,
              null,
              Duration.ofSeconds(5),
              0,
              Duration.ofMillis(10),
              true,
              List.of());
      OpenApiSpec spec = new OpenApiLoader(GateLog.NONE, new Network(false, null, p)).load(o);
      assertThat(spec.title()).isEqualTo("Demo Service");
      assertThat(proxy.requests)
          .containsExactly(
              new RecordingProxy.Request("CONNECT", "secure.buildgate.test:443", null));
    }
  }
}
