package dev.buildgate.core.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal, read-only Docker Engine API client over the daemon's Unix domain socket, for the
 * checks every up-to-date build makes: {@code GET /_ping} and {@code GET /images/{ref}/json}.
 * Starting docker-java (its HTTP client, TLS and JSON stack) costs a build about 0.3 s of JVM time;
 * these two calls need none of it. One connection per request ({@code Connection: close}), HTTP/1.1
 * with a {@code Content-Length}, chunked or read-to-close body, no API version prefix (the daemon
 * answers with its own version; both calls are stable across versions). Every other call, and any
 * endpoint that is not a {@code unix://} socket, goes through docker-java. Thread-safe (no shared
 * state).
 */
final class EngineSocket {

  private static final int MAX_RESPONSE = 16 * 1024 * 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private final Path socket;
  private final Duration timeout;

  EngineSocket(Path socket, Duration timeout) {
    this.socket = socket;
    this.timeout = timeout;
  }

  /**
   * The socket of a {@code unix://} endpoint.
   *
   * @param host the endpoint
   * @return the client, or empty for any other kind of endpoint (tcp, ssh, npipe)
   */
  static Optional<EngineSocket> forHost(DockerHost host) {
    String uri = host.uri();
    if (uri == null || !uri.startsWith("unix://")) {
      return Optional.empty();
    }
    try {
      String path = URI.create(uri).getPath();
      if (path == null || path.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new EngineSocket(Path.of(path), Duration.ofSeconds(10)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The socket file. */
  Path socket() {
    return socket;
  }

  /**
   * {@code GET /_ping}.
   *
   * @return whether the daemon answered 200 OK
   * @throws IOException when the socket cannot be reached or the answer cannot be read
   */
  boolean ping() throws IOException {
    return get("/_ping").status() == 200;
  }

  /**
   * {@code GET /images/{ref}/json}.
   *
   * @param ref a reference or id
   * @return the image, empty when the daemon has none (404), or {@code null} when this client
   *     cannot answer (a reference with characters it does not send, or another status): ask
   *     docker-java
   * @throws IOException when the socket cannot be reached or the answer cannot be read
   */
  Optional<ImageInfo> inspectImage(String ref) throws IOException {
    if (!plainRef(ref)) {
      return null;
    }
    Response r = get("/images/" + ref + "/json");
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() != 200) {
      return null;
    }
    return Optional.of(parseImage(r.body()));
  }

  /** References made only of characters that need no escaping in a URL path. */
  static boolean plainRef(String ref) {
    if (ref == null || ref.isEmpty() || ref.length() > 512) {
      return false;
    }
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-'
              || c == '/'
              || c == ':'
              || c == '@';
      if (!ok) {
        return false;
      }
    }
    return !ref.startsWith("/") && !ref.contains("..");
  }

  /** An HTTP answer. */
  record Response(int status, Map<String, String> headers, byte[] body) {}

  /**
   * One GET request on a fresh connection.
   *
   * @param path the request path, e.g. {@code /_ping}
   * @return the answer
   * @throws IOException on a connection, timeout or protocol error
   */
  Response get(String path) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] raw;
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.configureBlocking(false);
      try (Selector selector = Selector.open()) {
        ByteBuffer out =
            ByteBuffer.wrap(
                ("GET "
                        + path
                        + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: buildgate\r\n"
                        + "Accept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        SelectionKey key = ch.register(selector, SelectionKey.OP_WRITE);
        while (out.hasRemaining()) {
          await(selector, deadline, path);
          ch.write(out);
        }
        key.interestOps(SelectionKey.OP_READ);
        ByteArrayOutputStream in = new ByteArrayOutputStream(8192);
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        while (true) {
          int n = ch.read(buf);
          if (n < 0) {
            break;
          }
          if (n == 0) {
            if (complete(in.toByteArray())) {
              break; // the whole answer is there even if the daemon keeps the connection
            }
            await(selector, deadline, path);
            continue;
          }
          in.write(buf.array(), 0, buf.position());
          buf.clear();
          if (in.size() > MAX_RESPONSE) {
            throw new IOException("answer to GET " + path + " exceeds " + MAX_RESPONSE + " bytes");
          }
        }
        raw = in.toByteArray();
      }
    }
    return parse(raw, path);
  }

  private static void await(Selector selector, long deadline, String path) throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0 || selector.select(left) == 0 && System.nanoTime() >= deadline) {
      throw new IOException("no answer to GET " + path + " in time");
    }
    selector.selectedKeys().clear();
  }

  /** Whether a buffered answer is complete by its Content-Length or final chunk. */
  private static boolean complete(byte[] raw) {
    int end = headerEnd(raw);
    if (end < 0) {
      return false;
    }
    Map<String, String> headers = headers(raw, end);
    String length = headers.get("content-length");
    if (length != null) {
      try {
        return raw.length - end >= Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (chunked(headers)) {
      try {
        dechunk(raw, end);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    return false; // read to close
  }

  static Response parse(byte[] raw, String path) throws IOException {
    int end = headerEnd(raw);
    if (end < 0) {
      throw new IOException("incomplete HTTP answer to GET " + path);
    }
    String statusLine = line(raw, 0);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer to GET " + path + ": " + statusLine);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad HTTP status to GET " + path + ": " + statusLine, e);
    }
    Map<String, String> headers = headers(raw, end);
    byte[] body;
    if (chunked(headers)) {
      body = dechunk(raw, end);
    } else if (headers.containsKey("content-length")) {
      long n;
      try {
        n = Long.parseLong(headers.get("content-length").trim());
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length in the answer to GET " + path, e);
      }
      if (raw.length - end < n) {
        throw new IOException("truncated answer to GET " + path);
      }
      body = java.util.Arrays.copyOfRange(raw, end, end + (int) n);
    } else {
      body = java.util.Arrays.copyOfRange(raw, end, raw.length);
    }
    return new Response(status, headers, body);
  }

  private static boolean chunked(Map<String, String> headers) {
    String te = headers.get("transfer-encoding");
    return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** The offset just after the blank line ending the headers, or -1. */
  private static int headerEnd(byte[] raw) {
    for (int i = 3; i < raw.length; i++) {
      if (raw[i] == '\n' && raw[i - 1] == '\r' && raw[i - 2] == '\n' && raw[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private static String line(byte[] raw, int from) {
    int i = from;
    while (i < raw.length && raw[i] != '\r' && raw[i] != '\n') {
      i++;
    }
    return new String(raw, from, i - from, StandardCharsets.ISO_8859_1);
  }

  private static Map<String, String> headers(byte[] raw, int end) {
    Map<String, String> h = new LinkedHashMap<>();
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        h.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return h;
  }

  /** Decodes a chunked body; throws when the final chunk has not arrived. */
  private static byte[] dechunk(byte[] raw, int start) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length - start);
    int i = start;
    while (true) {
      String sizeLine = line(raw, i);
      if (i + sizeLine.length() + 2 > raw.length) {
        throw new IOException("incomplete chunk size");
      }
      i += sizeLine.length() + 2;
      int semi = sizeLine.indexOf(';');
      String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size '" + hex + "'", e);
      }
      if (size < 0) {
        throw new IOException("bad chunk size '" + hex + "'");
      }
      if (size == 0) {
        return out.toByteArray();
      }
      if (i + size + 2 > raw.length) {
        throw new IOException("incomplete chunk");
      }
      out.write(raw, i, size);
      i += size + 2;
    }
  }

  /** Reads the fields of an image inspect answer that {@link ImageInfo} holds. */
  static ImageInfo parseImage(byte[] json) throws IOException {
    String id = null;
    String created = null;
    long size = 0;
    List<String> tags = null;
    List<String> digests = null;
    Map<String, String> labels = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("image inspect answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "Id" -> id = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "Created" -> created = t == JsonToken.VALUE_STRING ? p.getText() : null;
          case "Size" -> size = t.isNumeric() ? p.getLongValue() : 0L;
          case "RepoTags" -> tags = strings(p, t);
          case "RepoDigests" -> digests = strings(p, t);
          case "Config" -> labels = labels(p, t);
          default -> p.skipChildren();
        }
      }
    }
    if (id == null) {
      throw new IOException("image inspect answer has no Id");
    }
    return new ImageInfo(id, tags, digests, size, created, labels);
  }

  private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<String> out = new ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == JsonToken.VALUE_STRING) {
        out.add(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return out;
  }

  private static Map<String, String> labels(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Map<String, String> labels = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      if ("Labels".equals(field) && v == JsonToken.START_OBJECT) {
        labels = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          JsonToken lv = p.nextToken();
          if (lv == JsonToken.VALUE_STRING) {
            labels.put(k, p.getText());
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return labels;
  }
}
