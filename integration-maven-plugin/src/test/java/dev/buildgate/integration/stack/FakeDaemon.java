package dev.buildgate.integration.stack;

import dev.buildgate.core.docker.EngineApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A Docker daemon stand-in on a unix socket: answers GETs from a table of request paths (the query
 * included) with canned HTTP/1.0 answers, the way the engine answers HTTP/1.0 requests (no
 * Content-Length on long bodies, connection closed at the end).
 */
final class FakeDaemon implements AutoCloseable {
  /** An answer. */
  record Answer(int status, String contentType, byte[] body, long delayMillis) {
    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8), 0);
    }
  }

  final Path socket;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final Map<String, Answer> answers = new ConcurrentHashMap<>();
  Function<String, Answer> fallback = p -> Answer.json(404, "{\"message\":\"no route " + p + "\"}");
  private final ServerSocketChannel server;
  private final Thread thread;

  FakeDaemon(Path dir) throws IOException {
    socket = dir.resolve("docker.sock");
    Files.deleteIfExists(socket);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    thread = new Thread(this::serve, "fake-docker-daemon");
    thread.setDaemon(true);
    thread.start();
  }

  EngineApi api() {
    return new EngineApi(socket);
  }

  private void serve() {
    while (server.isOpen()) {
      SocketChannel ch;
      try {
        ch = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> answer(ch), "fake-docker-daemon-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void answer(SocketChannel ch) {
    try (ch) {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      ByteBuffer b = ByteBuffer.allocate(1);
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        b.clear();
        if (ch.read(b) < 0) {
          return;
        }
        head.write(b.array(), 0, 1);
      }
      String path = head.toString(StandardCharsets.US_ASCII).split(" ")[1];
      requests.add(path);
      Answer a = answers.getOrDefault(path, null);
      if (a == null) {
        a = fallback.apply(path);
      }
      if (a.delayMillis() > 0) {
        Thread.sleep(a.delayMillis());
      }
      String h =
          "HTTP/1.0 "
              + a.status()
              + " X\r\nContent-Type: "
              + a.contentType()
              + "\r\nApi-Version: 1.45\r\n\r\n";
      ch.write(ByteBuffer.wrap(h.getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer body = ByteBuffer.wrap(a.body());
      while (body.hasRemaining()) {
        ch.write(body);
      }
    } catch (IOException | InterruptedException e) {
      // the client went away
    }
  }

  /** A multiplexed log stream: one frame per line, stdout (1) or stderr (2). */
  static byte[] frames(Object... streamAndLine) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < streamAndLine.length; i += 2) {
      byte[] p = ((String) streamAndLine[i + 1]).getBytes(StandardCharsets.UTF_8);
      out.write((Integer) streamAndLine[i]);
      out.write(0);
      out.write(0);
      out.write(0);
      out.write(p.length >>> 24);
      out.write(p.length >>> 16);
      out.write(p.length >>> 8);
      out.write(p.length);
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
  }
}
