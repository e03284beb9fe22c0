package dev.buildgate.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.docker.DockerUnavailableException;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket client against a stand-in daemon (the real engine runs in the ITs). */
class EngineApiTest {
  @TempDir Path tmp;
  FakeDaemon daemon;
  EngineApi api;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(tmp);
    api = daemon.api();
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  @Test
  void onlyUnixSocketsThatExist() {
    Path home = tmp.resolve("home");
    assertThat(EngineApi.local(Map.of("DOCKER_HOST", "unix://" + daemon.socket), home)).isPresent();
    assertThat(EngineApi.local(Map.of("DOCKER_HOST", "unix://" + tmp.resolve("gone.sock")), home))
        .isEmpty();
    assertThat(EngineApi.local(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), home)).isEmpty();
    assertThat(EngineApi.local(Map.of("DOCKER_HOST", "ssh://me@box"), home)).isEmpty();
    assertThat(EngineApi.local(new DockerHost("unix://" + daemon.socket, "test", false, null, tmp)))
        .get()
        .extracting(EngineApi::socket)
        .isEqualTo(daemon.socket);
  }

  @Test
  void containersByLabel_filtersAndReadsIdsAndLabels() throws Exception {
    daemon.fallback =
        p ->
            FakeDaemon.Answer.json(
                200,
                "[{\"Id\":\"c1\",\"Names\":[\"/p-web-1\"],\"Labels\":{\"a\":\"1\",\"b\":\"x y\"},"
                    + "\"Ports\":[{\"PrivatePort\":80}],\"NetworkSettings\":{\"Networks\":{}}},"
                    + "{\"Id\":\"c2\",\"Labels\":null}]");
    var cs = api.containersByLabel("com.docker.compose.project", "p \"q\"");
    assertThat(cs)
        .containsExactly(
            new EngineApi.Container("c1", Map.of("a", "1", "b", "x y")),
            new EngineApi.Container("c2", Map.of()));
    String query = daemon.requests.get(0);
    assertThat(query).startsWith("/containers/json?all=1&filters=");
    assertThat(
            URLDecoder.decode(
                query.substring(query.indexOf("filters=") + 8), StandardCharsets.UTF_8))
        .isEqualTo("{\"label\":[\"com.docker.compose.project=p \\\"q\\\"\"]}");
  }

  @Test
  void logs_withoutStreamHeaders_andTheStatusOfAGoneContainer() throws Exception {
    daemon.answers.put(
        "/containers/c1/logs?stdout=1&stderr=1&timestamps=1",
        new FakeDaemon.Answer(
            200,
            "application/vnd.docker.multiplexed-stream",
            FakeDaemon.frames(1, "t1 out\n", 2, "t2 err\n", 1, ""),
            0));
    daemon.answers.put(
        "/containers/tty/logs?stdout=1&stderr=1&tail=5",
        new FakeDaemon.Answer(
            200, "application/vnd.docker.raw-stream", "raw\nlines\n".getBytes(), 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(api.logs("c1", 0, true, out, Duration.ofSeconds(5))).isEqualTo(200);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("t1 out\nt2 err\n");
    out.reset();
    assertThat(api.logs("tty", 5, false, out, Duration.ofSeconds(5))).isEqualTo(200);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("raw\nlines\n");
    out.reset();
    assertThat(api.logs("gone", 0, true, out, Duration.ofSeconds(5))).isEqualTo(404);
    assertThat(out.size()).isZero();
  }

  @Test
  void demultiplexer_framesSplitAcrossWrites() throws Exception {
    byte[] all = FakeDaemon.frames(1, "hello ", 2, "world\n", 1, "x".repeat(70_000));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EngineApi.Demultiplexer d = new EngineApi.Demultiplexer(out);
    for (int i = 0; i < all.length; i += 3) {
      d.write(all, i, Math.min(3, all.length - i));
    }
    d.flush();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("hello world\n" + "x".repeat(70_000));

    out.reset();
    d = new EngineApi.Demultiplexer(out);
    d.write("ok".getBytes(StandardCharsets.UTF_8)); // a TTY log shorter than a header
    d.flush();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ok");
  }

  @Test
  void inspect_events_andErrors() throws Exception {
    daemon.answers.put("/containers/a%20b/json", FakeDaemon.Answer.json(200, "{\"Id\":\"a b\"}"));
    assertThat(api.inspectContainer("a b").json().path("Id").asText()).isEqualTo("a b");
    assertThat(api.inspectContainer("nope").status()).isEqualTo(404);
    assertThat(api.inspectContainer("nope").message()).startsWith("no route");

    daemon.fallback =
        p ->
            p.startsWith("/events?since=10&until=20.5&filters=")
                ? FakeDaemon.Answer.json(200, "{\"status\":\"start\"}\n{\"status\":\"die\"}\n")
                : FakeDaemon.Answer.json(400, "{\"message\":\"bad filter\"}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    api.events("10", "20.5", "k=v", out, Duration.ofSeconds(5));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"start\"").contains("\"die\"");
    assertThatThrownBy(() -> api.events("1", "x", "k=v", out, Duration.ofSeconds(5)))
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining("bad filter");
  }

  @Test
  void aDaemonThatDoesNotAnswer_timesOut_andNoDaemonIsUnavailable() throws Exception {
    daemon.answers.put("/slow", new FakeDaemon.Answer(200, "text/plain", new byte[0], 5_000));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> api.get("/slow", Duration.ofMillis(200)))
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining("did not answer GET /slow within");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));

    EngineApi none = new EngineApi(tmp.resolve("none.sock"));
    assertThatThrownBy(() -> none.get("/_ping", Duration.ofSeconds(1)))
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining("No Docker daemon answered at unix://");
  }

  @Test
  void jsonAndPathEscaping() {
    assertThat(EngineApi.jsonString("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    assertThat(EngineApi.pathSegment("registry:5000/a/b:1@sha256:ab"))
        .isEqualTo("registry:5000/a/b:1@sha256:ab");
    assertThat(EngineApi.pathSegment("a b?#")).isEqualTo("a%20b%3F%23");
  }
}
