package dev.buildgate.integration.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.buildgate.core.testing.RecordingLog;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackView;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real loopback HTTP, HTTPS (self-signed, made by keytool) and TCP servers. */
class ReadinessTest {
  private final RecordingLog log = new RecordingLog();
  private final List<String> lines = log.lines;
  private final List<AutoCloseable> closers = new ArrayList<>();

  /** Engine state for the container waits, as a test seam (the real engine runs in the ITs). */
  private volatile List<ServiceContainer> containers = List.of();

  private final StackView view =
      new StackView() {
        @Override
        public List<ServiceContainer> containers() {
          return containers;
        }

        @Override
        public String logs(String id, int tail) {
          return id.equals("c-db") ? "booting\ndatabase system is ready\n" : "nothing\n";
        }
      };

  @TempDir Path tmp;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closers) {
      c.close();
    }
  }

  private Readiness readiness() {
    return new Readiness(view, log, Duration.ofMillis(20), Duration.ofMillis(200));
  }

  private int httpServer(int failFirst, String body) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger n = new AtomicInteger();
    s.createContext(
        "/health",
        ex -> {
          boolean ok = n.incrementAndGet() > failFirst;
          byte[] b = (ok ? body : "starting").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(ok ? 200 : 503, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    closers.add(() -> s.stop(0));
    return s.getAddress().getPort();
  }

  @Test
  void httpBecomesReadyAfterErrors() throws Exception {
    int port = httpServer(3, "{\"status\":\"live\"}");
    WaitSpec w =
        WaitSpec.http(
            "http://127.0.0.1:" + port + "/health", false, 200, 299, Pattern.compile("live"));
    readiness().await(List.of(w), Duration.ofSeconds(20));
    assertThat(lines).anyMatch(l -> l.startsWith("ready: http://127.0.0.1:" + port));
  }

  @Test
  void timeoutNamesEveryWaitThatNeverBecameReady() throws Exception {
    int port = httpServer(0, "wrong body");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    WaitSpec body =
        WaitSpec.http(
            "http://127.0.0.1:" + port + "/health", false, 200, 200, Pattern.compile("ok"));
    WaitSpec tcp = WaitSpec.tcp("127.0.0.1:" + closed);
    assertThatThrownBy(() -> readiness().await(List.of(body, tcp), Duration.ofMillis(700)))
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("stack not ready after 700 ms")
        .hasMessageContaining(
            "/health (status 200-200, body ~ /ok/) (HTTP 200, body does not match)")
        .hasMessageContaining("tcp 127.0.0.1:" + closed + " (")
        .satisfies(e -> assertThat(((ReadinessException) e).notReady()).hasSize(2));
    // progress lines while waiting (every 200 ms here), naming what is still pending
    assertThat(lines)
        .anyMatch(l -> l.startsWith("waiting (") && l.contains("tcp 127.0.0.1:" + closed));
  }

  @Test
  void tcpListenerIsReady() throws Exception {
    ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    closers.add(s);
    readiness()
        .await(List.of(WaitSpec.tcp("127.0.0.1:" + s.getLocalPort())), Duration.ofSeconds(5));
    assertThat(lines).anyMatch(l -> l.startsWith("ready: tcp 127.0.0.1:"));
  }

  @Test
  void earlyWaits_startOnceThePortsArePublished_andAreDoneWhenComposeReturns() throws Exception {
    ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    closers.add(s);
    WaitSpec wait = WaitSpec.tcp("127.0.0.1:" + s.getLocalPort());
    AtomicInteger polls = new AtomicInteger();
    EarlyReadiness early =
        EarlyReadiness.start(
            view,
            cs -> {
              polls.incrementAndGet();
              if (cs.isEmpty()) {
                throw new IntegrationConfigException("not published yet");
              }
              return List.of(wait);
            },
            readiness(),
            Duration.ofSeconds(5),
            Duration.ofMillis(20));
    Thread.sleep(100);
    assertThat(lines).noneMatch(l -> l.startsWith("ready:")); // nothing resolved yet
    containers =
        List.of(new ServiceContainer("c1", "p-web-1", "web", "running", 0, null, List.of()));
    long t0 = System.nanoTime();
    while (lines.stream().noneMatch(l -> l.startsWith("ready: tcp"))
        && System.nanoTime() - t0 < 5_000_000_000L) {
      Thread.sleep(10);
    }
    assertThat(lines).anyMatch(l -> l.startsWith("ready: tcp 127.0.0.1:"));
    assertThat(polls.get()).isGreaterThan(1);
    assertThat(early.finish(List.of(wait), Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void earlyWaits_timeoutStartsWhenComposeReturns() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    WaitSpec wait = WaitSpec.tcp("127.0.0.1:" + closed);
    EarlyReadiness early =
        EarlyReadiness.start(
            view, cs -> List.of(wait), readiness(), Duration.ofMillis(300), Duration.ofMillis(20));
    Thread.sleep(500); // longer than the timeout: compose is still starting the stack
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> early.finish(List.of(wait), Duration.ofMillis(300)))
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("stack not ready after 300 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(lines).anyMatch(l -> l.startsWith("waiting (compose still starting) for: tcp"));
  }

  @Test
  void earlyWaits_resolvedDifferently_areCancelled() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    EarlyReadiness early =
        EarlyReadiness.start(
            view,
            cs -> List.of(WaitSpec.tcp("127.0.0.1:" + closed)),
            readiness(),
            Duration.ofSeconds(5),
            Duration.ofMillis(20));
    Thread.sleep(50);
    assertThat(early.finish(List.of(WaitSpec.tcp("127.0.0.1:1")), Duration.ofSeconds(5))).isFalse();
    EarlyReadiness never =
        EarlyReadiness.start(
            view,
            cs -> {
              throw new IntegrationConfigException("never published");
            },
            readiness(),
            Duration.ofSeconds(5),
            Duration.ofMillis(20));
    assertThat(never.finish(List.of(WaitSpec.tcp("127.0.0.1:1")), Duration.ofSeconds(5))).isFalse();
    never.cancel(); // again: harmless
  }

  @Test
  void selfSignedHttpsNeedsInsecure() throws Exception {
    Path ks = tmp.resolve("ks.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit",
                "-alias",
                "s",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    try (InputStream in = p.getInputStream()) {
      in.readAllBytes();
    }
    assertThat(p.waitFor()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    s.createContext(
        "/api/v1/health/live",
        ex -> {
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    s.start();
    closers.add(() -> s.stop(0));
    String url = "https://127.0.0.1:" + s.getAddress().getPort() + "/api/v1/health/live";

    assertThatThrownBy(
            () ->
                readiness()
                    .await(
                        List.of(WaitSpec.http(url, false, 200, 299, null)), Duration.ofMillis(600)))
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("TLS:")
        .hasMessageContaining("set <insecure>true</insecure>");

    // the warm-up while compose runs sends nothing and leaves the probes working
    Readiness.warmUp(List.of(WaitSpec.http(url, true, 200, 299, null))).run();
    Readiness.warmUp(List.of(WaitSpec.tcp("127.0.0.1:1"))).run();
    readiness().await(List.of(WaitSpec.http(url, true, 200, 299, null)), Duration.ofSeconds(10));
    assertThat(lines).anyMatch(l -> l.contains("ready: " + url) && l.contains("HTTP 204"));
  }

  private static ServiceContainer c(String service, String state, int exit, String health) {
    return new ServiceContainer(
        "c-" + service, "p-" + service + "-1", service, state, exit, health, List.of());
  }

  @Test
  void containerWaits() throws Exception {
    containers =
        List.of(
            c("init", "exited", 0, null),
            c("cache", "running", 0, "healthy"),
            c("db", "running", 0, null));
    readiness()
        .await(
            List.of(
                WaitSpec.exited("init"),
                WaitSpec.healthy("cache"),
                WaitSpec.log("db", Pattern.compile("ready"))),
            Duration.ofSeconds(5));
    assertThat(lines)
        .anyMatch(l -> l.startsWith("ready: service init exited 0"))
        .anyMatch(l -> l.startsWith("ready: service cache healthy"))
        .anyMatch(l -> l.startsWith("ready: service db log ~ /ready/"));
  }

  @Test
  void failingInitFailsAtOnce() {
    containers = List.of(c("init", "exited", 3, null));
    assertThatThrownBy(
            () -> readiness().await(List.of(WaitSpec.exited("init")), Duration.ofMinutes(5)))
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("service init exited 0: container p-init-1 exited with code 3");
  }

  @Test
  void healthyWithoutHealthcheckIsAConfigMistake() {
    containers = List.of(c("db", "running", 0, null));
    assertThatThrownBy(
            () -> readiness().await(List.of(WaitSpec.healthy("db")), Duration.ofMinutes(5)))
        .hasMessageContaining("has no healthcheck");
  }

  @Test
  void dyingServiceFailsItsHealthWaitAtOnce() {
    containers = List.of(c("web", "exited", 1, "unhealthy"));
    assertThatThrownBy(
            () -> readiness().await(List.of(WaitSpec.healthy("web")), Duration.ofMinutes(5)))
        .hasMessageContaining("exited with code 1 before healthy");
  }

  @Test
  void servicesOfFailedWaits() {
    var web =
        new ServiceContainer(
            "1",
            "p-web-1",
            "web",
            "running",
            0,
            null,
            List.of(new ServiceContainer.PublishedPort(8443, "tcp", "127.0.0.1", 49153)));
    var db = c("db", "running", 0, "starting");
    assertThat(
            Readiness.servicesOf(
                List.of("https://127.0.0.1:49153/health (status 200-399) (HTTP 503)"),
                List.of(web, db)))
        .containsExactly("web");
    assertThat(
            Readiness.servicesOf(
                List.of("service db healthy (health: starting)"), List.of(web, db)))
        .containsExactly("db");
  }
}
