package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP handling of the Unix-socket fast path, against a scripted server on a socket in a temp
 * directory (the framings a daemon may choose: Content-Length, chunked, read to close; a daemon
 * that keeps the connection open). {@link EngineSocketRealTest} drives the real engine.
 */
class EngineSocketTest {
  @TempDir Path dir;

  private static final String IMAGE_JSON =
      "{\"Id\":\"sha256:abc\",\"RepoTags\":[\"a/b:1\",\"a/b:latest\"],\"RepoDigests\":null,"
          + "\"Parent\":\"\",\"Size\":1234,\"Created\":\"2026-01-02T03:04:05Z\","
          + "\"Config\":{\"Env\":[\"A=1\"],\"Labels\":{\"k\":\"v\",\"x.y\":\"z\"}},"
          + "\"RootFS\":{\"Layers\":[\"sha256:1\"]},\"Metadata\":{\"LastTagTime\":\"x\"}}";

  @Test
  void contentLengthBody() throws Exception {
    String answer =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + IMAGE_JSON.length()
            + "\r\n\r\n"
            + IMAGE_JSON;
    AtomicReference<String> request = new AtomicReference<>();
    try (Server s = new Server(dir, List.of(answer), false, request)) {
      ImageInfo info = s.client().inspectImage("a/b:1").orElseThrow();
      assertThat(info.id()).isEqualTo("sha256:abc");
      assertThat(info.repoTags()).containsExactly("a/b:1", "a/b:latest");
      assertThat(info.repoDigests()).isEmpty();
      assertThat(info.size()).isEqualTo(1234L);
      assertThat(info.created()).isEqualTo("2026-01-02T03:04:05Z");
      assertThat(info.labels()).containsEntry("k", "v").containsEntry("x.y", "z").hasSize(2);
    }
    assertThat(request.get()).startsWith("GET /images/a/b:1/json HTTP/1.1\r\n");
  }

  @Test
  void chunkedBodySplitOverSeveralWritesAndConnectionKeptOpen() throws Exception {
    String a = IMAGE_JSON.substring(0, 40);
    String b = IMAGE_JSON.substring(40);
    List<String> parts =
        List.of(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            Integer.toHexString(a.length()) + "\r\n" + a + "\r\n",
            Integer.toHexString(b.length()) + ";ext=1\r\n" + b + "\r\n",
            "0\r\n\r\n");
    // the server does not close: the client must stop at the final chunk
    try (Server s = new Server(dir, parts, true, new AtomicReference<>())) {
      ImageInfo info = s.client().inspectImage("sha256:abc").orElseThrow();
      assertThat(info.id()).isEqualTo("sha256:abc");
      assertThat(info.labels()).containsEntry("k", "v");
    }
  }

  @Test
  void bodyUntilClose() throws Exception {
    try (Server s =
        new Server(
            dir,
            List.of(
                "HTTP/1.1 200 OK\r\n\r\n", IMAGE_JSON.substring(0, 10), IMAGE_JSON.substring(10)),
            false,
            new AtomicReference<>())) {
      assertThat(s.client().inspectImage("a/b:1").orElseThrow().size()).isEqualTo(1234L);
    }
  }

  @Test
  void notFoundIsEmptyAndOtherStatusesAreLeftToDockerJava() throws Exception {
    String body = "{\"message\":\"No such image: a/b:1\"}";
    String notFound =
        "HTTP/1.1 404 Not Found\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    try (Server s = new Server(dir, List.of(notFound), false, new AtomicReference<>())) {
      assertThat(s.client().inspectImage("a/b:1")).isEqualTo(Optional.empty());
    }
    Path other = dir.resolve("other");
    java.nio.file.Files.createDirectories(other);
    String error = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n\r\n{}";
    try (Server s = new Server(other, List.of(error), false, new AtomicReference<>())) {
      assertThat(s.client().inspectImage("a/b:1")).isNull();
    }
  }

  @Test
  void referencesNeedingEscapesAreLeftToDockerJava() throws Exception {
    EngineSocket c = new EngineSocket(dir.resolve("none.sock"), Duration.ofSeconds(1));
    assertThat(c.inspectImage("a b")).isNull();
    assertThat(c.inspectImage("a/b?x=1")).isNull();
    assertThat(c.inspectImage("../containers/x")).isNull();
    assertThat(c.inspectImage("/etc")).isNull();
    assertThat(EngineSocket.plainRef("registry:5000/a/b-c_d.e:1.0@sha256:00ff")).isTrue();
  }

  @Test
  void missingSocketIsAnIoError() {
    EngineSocket c = new EngineSocket(dir.resolve("none.sock"), Duration.ofSeconds(1));
    assertThatThrownBy(c::ping).isInstanceOf(IOException.class);
  }

  @Test
  void silentServerTimesOut() throws Exception {
    try (Server s = new Server(dir, List.of(), true, new AtomicReference<>())) {
      EngineSocket c = new EngineSocket(s.path, Duration.ofMillis(300));
      long t0 = System.nanoTime();
      assertThatThrownBy(c::ping).isInstanceOf(IOException.class).hasMessageContaining("in time");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void onlyUnixEndpointsGetTheFastPath() {
    Path cfg = dir.resolve("cfg");
    assertThat(
            EngineSocket.forHost(
                new DockerHost("unix:///var/run/docker.sock", "x", false, null, cfg)))
        .map(EngineSocket::socket)
        .contains(Path.of("/var/run/docker.sock"));
    assertThat(EngineSocket.forHost(new DockerHost("tcp://127.0.0.1:2375", "x", false, null, cfg)))
        .isEmpty();
    assertThat(EngineSocket.forHost(new DockerHost("ssh://me@host", "x", false, null, cfg)))
        .isEmpty();
    assertThat(
            EngineSocket.forHost(new DockerHost("npipe:////./pipe/docker", "x", false, null, cfg)))
        .isEmpty();
  }

  @Test
  void garbledAnswersAreIoErrors() {
    assertThatThrownBy(
            () -> EngineSocket.parse("nonsense\r\n\r\n".getBytes(StandardCharsets.UTF_8), "/x"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                EngineSocket.parse(
                    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"
                        .getBytes(StandardCharsets.UTF_8),
                    "/x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> EngineSocket.parseImage("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () -> EngineSocket.parseImage("{\"Size\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no Id");
  }

  /** Answers one connection with the given writes, then closes (or keeps it open). */
  private static final class Server implements AutoCloseable {
    final Path path;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final List<SocketChannel> open = new ArrayList<>();

    Server(Path dir, List<String> writes, boolean keepOpen, AtomicReference<String> request)
        throws IOException {
      path = dir.resolve("d.sock");
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      thread =
          new Thread(
              () -> {
                try {
                  SocketChannel ch = server.accept();
                  ByteBuffer in = ByteBuffer.allocate(4096);
                  StringBuilder req = new StringBuilder();
                  while (!req.toString().contains("\r\n\r\n") && ch.read(in) > 0) {
                    req.append(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
                    in.clear();
                  }
                  request.set(req.toString());
                  for (String w : writes) {
                    ch.write(ByteBuffer.wrap(w.getBytes(StandardCharsets.UTF_8)));
                    Thread.sleep(20);
                  }
                  if (keepOpen) {
                    synchronized (open) {
                      open.add(ch);
                    }
                  } else {
                    ch.close();
                  }
                } catch (IOException | InterruptedException e) {
                  // the test's assertions report what went wrong
                }
              },
              "engine-socket-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    EngineSocket client() {
      return new EngineSocket(path, Duration.ofSeconds(5));
    }

    @Override
    public void close() throws IOException {
      server.close();
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (open) {
        for (SocketChannel c : open) {
          c.close();
        }
      }
    }
  }
}
