package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket client against a scripted daemon on a socket in a temp directory: the framings a
 * daemon may choose (Content-Length, chunked, read to close; a connection kept open), timeouts, the
 * calls and their JSON. {@link EngineApiRealTest} drives the real engine.
 */
class EngineApiTest {
  @TempDir Path dir;
  Daemon daemon;

  private static final String IMAGE_JSON =
      "{\"Id\":\"sha256:abc\",\"RepoTags\":[\"a/b:1\",\"a/b:latest\"],\"RepoDigests\":null,"
          + "\"Parent\":\"\",\"Size\":1234,\"Created\":\"2026-01-02T03:04:05Z\","
          + "\"Config\":{\"Env\":[\"A=1\"],\"Labels\":{\"k\":\"v\",\"x.y\":\"z\"}},"
          + "\"RootFS\":{\"Layers\":[\"sha256:1\"]},\"Metadata\":{\"LastTagTime\":\"x\"}}";

  @AfterEach
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
  }

  private EngineApi daemon(boolean keepOpen, Function<String, List<String>> route)
      throws IOException {
    daemon = new Daemon(dir, keepOpen, route);
    return new EngineApi(daemon.socket);
  }

  /** An HTTP/1.0 answer: no length, the body ends with the connection. */
  private static List<String> http10(int status, String type, String body) {
    return List.of("HTTP/1.0 " + status + " X\r\nContent-Type: " + type + "\r\n\r\n" + body);
  }

  private static List<String> json(int status, String body) {
    return http10(status, "application/json", body);
  }

  private static String chunk(String s) {
    return Integer.toHexString(s.length()) + "\r\n" + s + "\r\n";
  }

  @Test
  void contentLengthBody() throws Exception {
    String answer =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + IMAGE_JSON.length()
            + "\r\n\r\n"
            + IMAGE_JSON;
    ImageInfo info = daemon(false, p -> List.of(answer)).inspectImage("a/b:1").orElseThrow();
    assertThat(info.id()).isEqualTo("sha256:abc");
    assertThat(info.repoTags()).containsExactly("a/b:1", "a/b:latest");
    assertThat(info.repoDigests()).isEmpty();
    assertThat(info.size()).isEqualTo(1234L);
    assertThat(info.created()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(info.labels()).containsEntry("k", "v").containsEntry("x.y", "z").hasSize(2);
    assertThat(daemon.heads.get(0))
        .startsWith("GET /images/a/b:1/json HTTP/1.1\r\n")
        .contains("Connection: close\r\n");
  }

  @Test
  void chunkedBodySplitOverSeveralWritesAndConnectionKeptOpen() throws Exception {
    String a = IMAGE_JSON.substring(0, 40);
    String b = IMAGE_JSON.substring(40);
    List<String> parts =
        List.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            chunk(a),
            Integer.toHexString(b.length()) + ";ext=1\r\n" + b + "\r\n",
            "0\r\n\r\n");
    // the daemon does not close: the client must stop at the final chunk
    EngineApi api = daemon(true, p -> parts);
    ImageInfo info = api.inspectImage("sha256:abc").orElseThrow();
    assertThat(info.id()).isEqualTo("sha256:abc");
    assertThat(info.labels()).containsEntry("k", "v");
  }

  @Test
  void bodyUntilClose() throws Exception {
    EngineApi api =
        daemon(
            false,
            p ->
                List.of(
                    "HTTP/1.1 200 OK\r\n\r\n",
                    IMAGE_JSON.substring(0, 10),
                    IMAGE_JSON.substring(10)));
    assertThat(api.inspectImage("a/b:1").orElseThrow().size()).isEqualTo(1234L);
  }

  @Test
  void imageNotFoundIsEmptyAndOtherStatusesAreLeftToDockerJava() throws Exception {
    EngineApi api =
        daemon(
            false,
            p ->
                p.contains("a/b:1")
                    ? json(404, "{\"message\":\"No such image: a/b:1\"}")
                    : json(500, "{}"));
    assertThat(api.inspectImage("a/b:1")).isEqualTo(Optional.empty());
    assertThat(api.inspectImage("c:1")).isNull();
    assertThat(api.ping()).isFalse();
  }

  @Test
  void referencesNeedingEscapesAreLeftToDockerJava() throws Exception {
    EngineApi c = new EngineApi(dir.resolve("none.sock"));
    assertThat(c.inspectImage("a b")).isNull();
    assertThat(c.inspectImage("a/b?x=1")).isNull();
    assertThat(c.inspectImage("../containers/x")).isNull();
    assertThat(c.inspectImage("/etc")).isNull();
    assertThat(c.inspectImage("ä")).isNull();
    assertThat(EngineApi.plainRef("registry:5000/a/b-c_d.e:1.0@sha256:00ff")).isTrue();
  }

  @Test
  void onlyUnixSocketsThatExist() throws Exception {
    Path socket = daemon(false, p -> List.of()).socket();
    Path cfg = dir.resolve("cfg");
    assertThat(EngineApi.local(new DockerHost("unix://" + socket, "x", false, null, cfg)))
        .map(EngineApi::socket)
        .contains(socket);
    for (String other :
        List.of(
            "unix://" + dir.resolve("gone.sock"),
            "unix://",
            "tcp://127.0.0.1:2375",
            "ssh://me@host",
            "npipe:////./pipe/docker")) {
      assertThat(EngineApi.local(new DockerHost(other, "x", false, null, cfg))).isEmpty();
    }
  }

  @Test
  void noDaemon_aSilentOne_andGarbledAnswersAreUnavailable() throws Exception {
    EngineApi none = new EngineApi(dir.resolve("none.sock"));
    assertThatThrownBy(none::ping)
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining("No Docker daemon answered at unix://");

    EngineApi silent = daemon(true, p -> List.of());
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> silent.get("/slow", Duration.ofMillis(300)))
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining("did not answer GET /slow within");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    daemon.close();

    EngineApi garbled =
        daemon(
            false,
            p ->
                switch (p) {
                  case "/nonsense" -> List.of("nonsense\r\n\r\n");
                  case "/chunk" ->
                      List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
                  default -> List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}");
                });
    for (String p : List.of("/nonsense", "/chunk", "/truncated")) {
      assertThatThrownBy(() -> garbled.get(p, Duration.ofSeconds(5)))
          .as(p)
          .isInstanceOf(DockerUnavailableException.class);
    }
    assertThatThrownBy(() -> EngineApi.parseImage("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> EngineApi.parseImage("{\"Size\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Id");
  }

  @Test
  void containersByLabel_filtersAndReadsIdsAndLabels() throws Exception {
    EngineApi api =
        daemon(
            false,
            p ->
                json(
                    200,
                    "[{\"Id\":\"c1\",\"Names\":[\"/p-web-1\"],\"Labels\":{\"a\":\"1\",\"b\":\"x y\"},"
                        + "\"Ports\":[{\"PrivatePort\":80}],\"NetworkSettings\":{\"Networks\":{}}},"
                        + "{\"Id\":\"c2\",\"Labels\":null}]"));
    assertThat(api.containersByLabel("com.docker.compose.project", "p \"q\""))
        .containsExactly(
            new EngineApi.Container("c1", Map.of("a", "1", "b", "x y")),
            new EngineApi.Container("c2", Map.of()));
    String query = daemon.paths.get(0);
    assertThat(query).startsWith("/containers/json?all=1&filters=");
    assertThat(
            URLDecoder.decode(
                query.substring(query.indexOf("filters=") + 8), StandardCharsets.UTF_8))
        .isEqualTo("{\"label\":[\"com.docker.compose.project=p \\\"q\\\"\"]}");
  }

  @Test
  void logs_withoutStreamHeaders_chunked_andTheStatusOfAGoneContainer() throws Exception {
    String framed = frames(1, "t1 out\n", 2, "t2 err\n", 1, "");
    String big = frames(1, "x".repeat(70_000));
    EngineApi api =
        daemon(
            false,
            p ->
                switch (p) {
                  case "/containers/c1/logs?stdout=1&stderr=1&timestamps=1" ->
                      http10(200, "application/vnd.docker.multiplexed-stream", framed);
                  case "/containers/tty/logs?stdout=1&stderr=1&tail=5" ->
                      http10(200, "application/vnd.docker.raw-stream", "raw\nlines\n");
                  case "/containers/big/logs?stdout=1&stderr=1" ->
                      List.of(
                          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                          chunk(big.substring(0, 5)),
                          chunk(big.substring(5)),
                          "0\r\n\r\n");
                  default -> json(404, "{\"message\":\"no such container\"}");
                });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(api.logs("c1", 0, true, out, Duration.ofSeconds(5))).isEqualTo(200);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("t1 out\nt2 err\n");
    out.reset();
    assertThat(api.logs("tty", 5, false, out, Duration.ofSeconds(5))).isEqualTo(200);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("raw\nlines\n");
    out.reset();
    assertThat(api.logs("big", 0, false, out, Duration.ofSeconds(5))).isEqualTo(200);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("x".repeat(70_000));
    out.reset();
    assertThat(api.logs("gone", 0, true, out, Duration.ofSeconds(5))).isEqualTo(404);
    assertThat(out.size()).isZero();
  }

  @Test
  void demultiplexer_framesSplitAcrossWrites() throws Exception {
    byte[] all =
        frames(1, "hello ", 2, "world\n", 1, "x".repeat(70_000))
            .getBytes(StandardCharsets.ISO_8859_1);
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
    EngineApi api =
        daemon(
            false,
            p -> {
              if (p.equals("/containers/a%20b/json")) {
                return json(200, "{\"Id\":\"a b\"}");
              }
              if (p.startsWith("/events?since=10&until=20.5&filters=")) {
                return json(200, "{\"status\":\"start\"}\n{\"status\":\"die\"}\n");
              }
              return p.startsWith("/events")
                  ? json(400, "{\"message\":\"bad filter\"}")
                  : json(404, "{\"message\":\"no route " + p + "\"}");
            });
    assertThat(api.inspectContainer("a b").json().path("Id").asText()).isEqualTo("a b");
    assertThat(api.inspectContainer("nope").status()).isEqualTo(404);
    assertThat(api.inspectContainer("nope").message()).startsWith("no route");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    api.events("10", "20.5", "k=v", out, Duration.ofSeconds(5));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"start\"").contains("\"die\"");
    assertThatThrownBy(() -> api.events("1", "x", "k=v", out, Duration.ofSeconds(5)))
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageContaining("bad filter");
  }

  @Test
  void jsonAndPathEscaping() {
    assertThat(EngineApi.jsonString("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    assertThat(EngineApi.pathSegment("registry:5000/a/b:1@sha256:ab"))
        .isEqualTo("registry:5000/a/b:1@sha256:ab");
    assertThat(EngineApi.pathSegment("a b?#")).isEqualTo("a%20b%3F%23");
  }

  /**
   * A multiplexed log stream (as ISO-8859-1 text): one frame per line, stdout (1) or stderr (2).
   */
  static String frames(Object... streamAndLine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < streamAndLine.length; i += 2) {
      byte[] p = ((String) streamAndLine[i + 1]).getBytes(StandardCharsets.UTF_8);
      out.write((Integer) streamAndLine[i]);
      out.writeBytes(new byte[] {0, 0, 0});
      out.writeBytes(ByteBuffer.allocate(4).putInt(p.length).array());
      out.write(p, 0, p.length);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * A daemon stand-in: answers each GET with the writes its route gives for the path (20 ms apart,
   * ISO-8859-1), then closes the connection or keeps it open.
   */
  static final class Daemon implements AutoCloseable {
    final Path socket;
    final List<String> heads = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final ServerSocketChannel server;

    Daemon(Path dir, boolean keepOpen, Function<String, List<String>> route) throws IOException {
      socket = dir.resolve("d.sock");
      Files.deleteIfExists(socket);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread t =
          new Thread(
              () -> {
                while (server.isOpen()) {
                  try {
                    SocketChannel ch = server.accept();
                    Thread c = new Thread(() -> answer(ch, keepOpen, route), "daemon-conn");
                    c.setDaemon(true);
                    c.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "engine-api-test-daemon");
      t.setDaemon(true);
      t.start();
    }

    private void answer(SocketChannel ch, boolean keepOpen, Function<String, List<String>> route) {
      try {
        ByteBuffer in = ByteBuffer.allocate(4096);
        StringBuilder req = new StringBuilder();
        while (!req.toString().contains("\r\n\r\n") && ch.read(in) > 0) {
          req.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
          in.clear();
        }
        heads.add(req.toString());
        String path = req.toString().split(" ")[1];
        paths.add(path);
        for (String w : route.apply(path)) {
          ByteBuffer b = ByteBuffer.wrap(w.getBytes(StandardCharsets.ISO_8859_1));
          while (b.hasRemaining()) {
            ch.write(b);
          }
          Thread.sleep(20);
        }
        if (keepOpen) {
          open.add(ch);
        } else {
          ch.close();
        }
      } catch (IOException | InterruptedException e) {
        // the client went away; the test's assertions report what went wrong
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (SocketChannel c : open) {
        c.close();
      }
      Files.deleteIfExists(socket);
    }
  }
}
