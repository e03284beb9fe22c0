package dev.buildgate.core.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.io.JsonStreams;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A minimal client of the Docker Engine API on the daemon's unix socket, for the read-only
 * questions of an up-to-date build and of the integration goals (ping, image and container inspect,
 * containers by label, logs, events): milliseconds, where docker-java costs a few hundred to start
 * (its HTTP client, TLS and JSON stack). One HTTP/1.1 GET per connection ({@code Connection:
 * close}); the body (by Content-Length, chunked, or until close) is streamed to a sink; the whole
 * exchange has a deadline. No API version prefix: the calls made are stable across versions.
 * Endpoints other than a unix socket (tcp, TLS, ssh, npipe) have none: callers fall back to
 * docker-java or the CLI. Thread-safe (no shared state).
 */
public final class EngineApi {
  /** Streaming JSON: enough for the calls of an up-to-date build and before the stack runs. */
  private static final JsonFactory FACTORY = InputLimits.jsonFactory();

  /** Data binding, loaded on first use (tens of milliseconds in a fresh plugin realm). */
  private static final class Mapper {
    static final ObjectMapper JSON = InputLimits.jsonMapper();
  }

  /** Ping and image inspect (every build's up-to-date check). */
  private static final Duration CHECK = Duration.ofSeconds(10);

  private static final Duration QUICK = Duration.ofSeconds(30);

  private final Path socket;

  /**
   * The API on a socket file.
   *
   * @param socket the daemon's socket
   */
  public EngineApi(Path socket) {
    this.socket = socket;
  }

  /**
   * The API on a resolved endpoint, when it is a unix socket that exists.
   *
   * @param host the endpoint
   * @return the API, or empty for other endpoints (use docker-java or the CLI)
   */
  public static Optional<EngineApi> local(DockerHost host) {
    String uri = host.uri();
    if (uri == null || !uri.startsWith("unix://")) {
      return Optional.empty();
    }
    try {
      String path = URI.create(uri).getPath();
      if (path != null && !path.isEmpty() && Files.exists(Path.of(path))) {
        return Optional.of(new EngineApi(Path.of(path)));
      }
    } catch (IllegalArgumentException e) {
      // not a usable socket path: docker-java says what is wrong
    }
    return Optional.empty();
  }

  /** The socket. */
  public Path socket() {
    return socket;
  }

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param contentType the Content-Type header, or ""
   * @param body the body
   */
  public record Response(int status, String contentType, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonNode json() throws IOException {
      return Mapper.JSON.readTree(body);
    }

    /** The daemon's message of an error answer. */
    public String message() {
      try {
        String m = json().path("message").asText("");
        return m.isEmpty() ? "HTTP " + status : m;
      } catch (IOException e) {
        return "HTTP " + status;
      }
    }
  }

  /**
   * GETs a path (with its query) and reads the whole body.
   *
   * @param path e.g. {@code /images/redis:7/json}
   * @param timeout the whole exchange
   * @return the answer
   * @throws DockerUnavailableException when the daemon does not answer
   */
  public Response get(String path, Duration timeout) throws DockerUnavailableException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    Head h = exchange(path, timeout, status -> out);
    return new Response(h.status, h.contentType, out.toByteArray());
  }

  /** {@code GET /_ping}: whether the daemon answers 200 OK. */
  boolean ping() throws DockerUnavailableException {
    return get("/_ping", CHECK).status() == 200;
  }

  /**
   * {@code GET /images/{ref}/json}.
   *
   * @param ref a reference or id
   * @return the image, empty when the daemon has none (404), or {@code null} when this client
   *     cannot answer (a reference with characters it does not send, or another status): ask
   *     docker-java
   * @throws DockerUnavailableException when the daemon does not answer or the answer is unreadable
   */
  Optional<ImageInfo> inspectImage(String ref) throws DockerUnavailableException {
    if (!plainRef(ref)) {
      return null;
    }
    Response r = get("/images/" + ref + "/json", CHECK);
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (r.status() != 200) {
      return null;
    }
    try {
      return Optional.of(parseImage(r.body()));
    } catch (IOException e) {
      throw new DockerUnavailableException("inspecting image " + ref + ": " + e.getMessage(), e);
    }
  }

  /** References made only of characters that need no escaping in a URL path, and no "..". */
  static boolean plainRef(String ref) {
    return ref != null
        && !ref.isEmpty()
        && ref.length() <= 512
        && pathSegment(ref).equals(ref)
        && !ref.startsWith("/")
        && !ref.contains("..");
  }

  /**
   * A container as the list endpoint names it.
   *
   * @param id its id
   * @param labels its labels
   */
  public record Container(String id, Map<String, String> labels) {}

  /**
   * Every container (also stopped ones) carrying a label.
   *
   * @param key the label key
   * @param value its value
   * @return the containers
   * @throws DockerUnavailableException when the daemon does not answer or refuses
   */
  public List<Container> containersByLabel(String key, String value)
      throws DockerUnavailableException {
    Response r = get("/containers/json?all=1&filters=" + labelFilter(key + "=" + value), QUICK);
    if (r.status() != 200) {
      throw new DockerUnavailableException("listing containers failed: " + r.message(), null);
    }
    try {
      return containers(r.body());
    } catch (IOException e) {
      throw new DockerUnavailableException("listing containers: " + e.getMessage(), e);
    }
  }

  /**
   * A container's inspect JSON.
   *
   * @param id the container
   * @return the answer (404 when it is gone)
   * @throws DockerUnavailableException when the daemon does not answer
   */
  public Response inspectContainer(String id) throws DockerUnavailableException {
    return get("/containers/" + pathSegment(id) + "/json", QUICK);
  }

  /** Loads the JSON data binding (for the inspect answers that follow), e.g. while compose runs. */
  public static void warmUp() {
    try {
      Mapper.JSON.readTree("{\"Id\":\"x\",\"State\":{\"Status\":\"running\"},\"Ports\":[1]}");
    } catch (IOException e) {
      // only a head start
    }
  }

  /**
   * Writes a container's log (stdout and stderr) to a stream, without the engine's stream headers.
   *
   * @param id the container
   * @param tail the last lines only ({@code <= 0}: all)
   * @param timestamps prefix each line with its time
   * @param out where the log goes
   * @param timeout the whole transfer
   * @return the HTTP status: 200, or e.g. 404 when the container is gone (then nothing is written)
   * @throws DockerUnavailableException when the daemon does not answer
   */
  public int logs(String id, int tail, boolean timestamps, OutputStream out, Duration timeout)
      throws DockerUnavailableException {
    String path =
        "/containers/"
            + pathSegment(id)
            + "/logs?stdout=1&stderr=1"
            + (timestamps ? "&timestamps=1" : "")
            + (tail > 0 ? "&tail=" + tail : "");
    Demultiplexer demux = new Demultiplexer(out);
    int status =
        exchange(path, timeout, s -> s == 200 ? demux : OutputStream.nullOutputStream()).status;
    if (status == 200) {
      try {
        demux.flush();
      } catch (IOException e) {
        throw new DockerUnavailableException("log of " + id + ": " + e.getMessage(), e);
      }
    }
    return status;
  }

  /**
   * Writes the events between two times that match a filter, one JSON object per line.
   *
   * @param since epoch seconds (fractions allowed)
   * @param until epoch seconds (fractions allowed); the daemon ends the stream there, at once when
   *     it is not in the future
   * @param label a {@code key=value} label filter
   * @param out where they go
   * @param timeout the whole transfer
   * @throws DockerUnavailableException when the daemon does not answer or refuses
   */
  public void events(String since, String until, String label, OutputStream out, Duration timeout)
      throws DockerUnavailableException {
    String path = "/events?since=" + since + "&until=" + until + "&filters=" + labelFilter(label);
    ByteArrayOutputStream error = new ByteArrayOutputStream();
    Head h = exchange(path, timeout, s -> s == 200 ? out : error);
    if (h.status != 200) {
      throw new DockerUnavailableException(
          "events: " + new Response(h.status, h.contentType, error.toByteArray()).message(), null);
    }
  }

  /** A URL-encoded {@code filters} value selecting one label ({@code key=value}). */
  public static String labelFilter(String label) {
    return URLEncoder.encode("{\"label\":[" + jsonString(label) + "]}", StandardCharsets.UTF_8);
  }

  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  static String pathSegment(String s) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == ':'
          || c == '@'
          || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c & 0xff));
      }
    }
    return b.toString();
  }

  // ---- HTTP

  /** The status line and the headers the callers and the body framing use. */
  private record Head(int status, String contentType, long length, boolean chunked) {}

  /**
   * One GET on a fresh connection; the body goes to the sink chosen by the status.
   *
   * @throws DockerUnavailableException when the socket cannot be reached, the deadline passes or
   *     the answer is not HTTP
   */
  private Head exchange(String path, Duration timeout, IntFunction<OutputStream> sink)
      throws DockerUnavailableException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      Answer in = new Answer(ch, selector, System.nanoTime() + timeout.toNanos());
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer req =
          ByteBuffer.wrap(
              ("GET "
                      + path
                      + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: buildgate\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      while (req.hasRemaining()) {
        ch.write(req); // a few hundred bytes into an empty socket buffer: never blocks
      }
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
      Head h = head(in);
      OutputStream out = sink.apply(h.status);
      if (h.chunked) {
        for (int n = chunkSize(line(in)); n > 0; n = chunkSize(line(in))) {
          copy(in, out, n);
          line(in);
        }
      } else if (h.length >= 0) {
        copy(in, out, h.length); // the daemon may keep the connection: stop at the length
      } else {
        in.transferTo(out);
      }
      return h;
    } catch (SocketTimeoutException e) {
      throw new DockerUnavailableException(
          "the Docker daemon at " + socket + " did not answer GET " + path + " within " + timeout,
          e);
    } catch (IOException | UnsupportedOperationException e) {
      throw new DockerUnavailableException(
          "No Docker daemon answered at unix://" + socket + ": " + e.getMessage(), e);
    }
  }

  private static Head head(InputStream in) throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    int status;
    try {
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new NumberFormatException();
      }
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP answer: " + statusLine, e);
    }
    String type = "";
    long length = -1;
    boolean chunked = false;
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      String name = colon > 0 ? l.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
      String value = l.substring(colon + 1).trim();
      try {
        switch (name) {
          case "content-type" -> type = value;
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          default -> {}
        }
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length: " + value, e);
      }
    }
    return new Head(status, type, length, chunked);
  }

  private static int chunkSize(String line) throws IOException {
    int semi = line.indexOf(';');
    String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
    try {
      int n = Integer.parseInt(hex, 16);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IOException("bad chunk size '" + hex + "'");
  }

  private static void copy(InputStream in, OutputStream out, long n) throws IOException {
    byte[] b = new byte[8192];
    while (n > 0) {
      int r = in.read(b, 0, (int) Math.min(b.length, n));
      if (r < 0) {
        throw new EOFException("truncated answer");
      }
      out.write(b, 0, r);
      n -= r;
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed in the middle of the answer");
      }
      b.append((char) c);
    }
    int n = b.length();
    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
  }

  /** The answer's bytes, buffered; a read waits for the daemon only until the deadline. */
  private static final class Answer extends InputStream {
    private final SocketChannel ch;
    private final Selector selector;
    private final long deadline;
    private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024).flip();

    Answer(SocketChannel ch, Selector selector, long deadline) {
      this.ch = ch;
      this.selector = selector;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      return fill() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, buf.remaining());
      buf.get(b, off, n);
      return n;
    }

    private boolean fill() throws IOException {
      while (!buf.hasRemaining()) {
        buf.clear();
        int n = ch.read(buf);
        buf.flip();
        if (n < 0) {
          return false;
        }
        if (n == 0) {
          long left = (deadline - System.nanoTime()) / 1_000_000;
          if (left <= 0 || selector.select(left) == 0 && System.nanoTime() >= deadline) {
            throw new SocketTimeoutException("deadline passed");
          }
          selector.selectedKeys().clear();
        }
      }
      return true;
    }
  }

  // ---- JSON (streamed: no data binding for an up-to-date build)

  /** Ids and labels from a container list. */
  static List<Container> containers(byte[] json) throws IOException {
    List<Container> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("not a container list");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String id = null;
        Map<String, String> labels = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if ("Id".equals(field) && t == JsonToken.VALUE_STRING) {
            id = p.getText();
          } else if ("Labels".equals(field)) {
            labels = JsonStreams.stringMap(p);
          } else {
            p.skipChildren();
          }
        }
        if (id != null) {
          out.add(new Container(id, labels == null ? new TreeMap<>() : labels));
        }
      }
    }
    return out;
  }

  /** The fields of an image inspect answer that {@link ImageInfo} holds. */
  static ImageInfo parseImage(byte[] json) throws IOException {
    String id = null;
    String created = null;
    long size = 0;
    List<String> tags = null;
    List<String> digests = null;
    Map<String, String> labels = null;
    try (JsonParser p = FACTORY.createParser(json)) {
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
          case "RepoTags" -> tags = JsonStreams.strings(p);
          case "RepoDigests" -> digests = JsonStreams.strings(p);
          case "Config" -> {
            while (t == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME) {
              if ("Labels".equals(p.currentName())) {
                p.nextToken();
                labels = JsonStreams.stringMap(p);
              } else {
                p.nextToken();
                p.skipChildren();
              }
            }
            if (t != JsonToken.START_OBJECT) {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    if (id == null) {
      throw new IOException("image inspect answer has no Id");
    }
    return new ImageInfo(id, tags, digests, size, created, labels);
  }

  /**
   * Strips the engine's 8-byte stream headers (stdout/stderr multiplexing of containers without a
   * TTY); a stream that does not start with one (a TTY container) is copied as is.
   */
  static final class Demultiplexer extends OutputStream {
    private final OutputStream out;
    private final byte[] head = new byte[8];
    private int headLen;
    private long left;
    private Boolean framed;

    Demultiplexer(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (Boolean.FALSE.equals(framed)) {
          out.write(b, off, len);
          return;
        }
        if (left > 0) {
          int n = (int) Math.min(left, len);
          out.write(b, off, n);
          left -= n;
          off += n;
          len -= n;
          continue;
        }
        head[headLen++] = b[off++];
        len--;
        if (framed == null && headLen == 1 && head[0] > 2) {
          framed = false; // raw TTY stream
          out.write(head, 0, 1);
          headLen = 0;
          continue;
        }
        if (headLen == 8) {
          if (framed == null && (head[1] != 0 || head[2] != 0 || head[3] != 0)) {
            framed = false;
            out.write(head, 0, 8);
          } else {
            framed = true;
            left =
                ((head[4] & 0xffL) << 24)
                    | ((head[5] & 0xffL) << 16)
                    | ((head[6] & 0xffL) << 8)
                    | (head[7] & 0xffL);
          }
          headLen = 0;
        }
      }
    }

    @Override
    public void flush() throws IOException {
      if (framed == null && headLen > 0) {
        out.write(head, 0, headLen); // a raw stream shorter than one header
        headLen = 0;
      }
      out.flush();
    }
  }
}
