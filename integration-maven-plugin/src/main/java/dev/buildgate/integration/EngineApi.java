package dev.buildgate.integration;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.docker.DockerUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A minimal client of the Docker Engine API on the local unix socket: one HTTP/1.0 GET per
 * connection (the daemon answers with a plain body and closes), no client library. It answers the
 * read-only questions of the integration goals (image ids, the stack's containers, inspect JSON,
 * logs, events) in milliseconds, where docker-java takes a few hundred to start in a fresh plugin
 * realm. Endpoints other than a unix socket (tcp, TLS, ssh) have none: callers fall back to
 * docker-java ({@code DockerEngine}). Thread-safe.
 */
public final class EngineApi {
  /** Streaming JSON: enough for the calls made before the stack runs. */
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Data binding, loaded on first use (tens of milliseconds in a fresh plugin realm). */
  private static final class Mapper {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  private static final Duration QUICK = Duration.ofSeconds(30);

  /** Closes connections that outlive their timeout (a stuck daemon never hangs the build). */
  private static volatile ScheduledExecutorService watchdog;

  private final Path socket;

  EngineApi(Path socket) {
    this.socket = socket;
  }

  /**
   * The API on the endpoint the environment names, when it is a unix socket that exists.
   *
   * @param env the environment (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG)
   * @return the API, or empty for other endpoints (use docker-java)
   */
  public static Optional<EngineApi> local(Map<String, String> env) {
    return local(env, Path.of(System.getProperty("user.home")));
  }

  static Optional<EngineApi> local(Map<String, String> env, Path home) {
    try {
      return local(DockerHost.resolve(env, home));
    } catch (RuntimeException e) {
      return Optional.empty(); // an unreadable context: docker-java reports it
    }
  }

  /**
   * The API on a resolved endpoint, when it is a unix socket that exists.
   *
   * @param host the endpoint
   * @return the API, or empty for other endpoints
   */
  public static Optional<EngineApi> local(DockerHost host) {
    String uri = host.uri();
    if (uri == null || !uri.startsWith("unix://")) {
      return Optional.empty();
    }
    Path p = Path.of(URI.create(uri).getPath());
    return Files.exists(p) ? Optional.of(new EngineApi(p)) : Optional.empty();
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
    String message() {
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
    Head h = exchange(path, timeout, out, false);
    return new Response(h.status, h.contentType, out.toByteArray());
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

  /** Ids and labels from a container list (streamed: no data binding before the stack runs). */
  static List<Container> containers(byte[] json) throws IOException {
    List<Container> out = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("not a container list");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String id = null;
        Map<String, String> labels = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if ("Id".equals(field) && t == JsonToken.VALUE_STRING) {
            id = p.getText();
          } else if ("Labels".equals(field) && t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              if (p.nextToken() == JsonToken.VALUE_STRING) {
                labels.put(k, p.getText());
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        if (id != null) {
          out.add(new Container(id, labels));
        }
      }
    }
    return out;
  }

  /** Loads the JSON data binding (for the inspect answers that follow), e.g. while compose runs. */
  static void warmUp() {
    try {
      Mapper.JSON.readTree("{\"Id\":\"x\",\"State\":{\"Status\":\"running\"},\"Ports\":[1]}");
    } catch (IOException e) {
      // only a head start
    }
  }

  /**
   * A container's inspect JSON.
   *
   * @param id the container
   * @return the answer (404 when it is gone)
   */
  public Response inspectContainer(String id) throws DockerUnavailableException {
    return get("/containers/" + pathSegment(id) + "/json", QUICK);
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
    Head h =
        exchange(path, timeout, new StatusSwitch(demux, OutputStream.nullOutputStream()), true);
    if (h.status == 200) {
      try {
        demux.flush();
      } catch (IOException e) {
        throw new DockerUnavailableException("log of " + id + ": " + e.getMessage(), e);
      }
    }
    return h.status;
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
   */
  public void events(String since, String until, String label, OutputStream out, Duration timeout)
      throws DockerUnavailableException {
    String path = "/events?since=" + since + "&until=" + until + "&filters=" + labelFilter(label);
    ByteArrayOutputStream error = new ByteArrayOutputStream();
    Head h = exchange(path, timeout, new StatusSwitch(out, error), true);
    if (h.status != 200) {
      throw new DockerUnavailableException(
          "events: " + new Response(h.status, h.contentType, error.toByteArray()).message(), null);
    }
  }

  /** A URL-encoded {@code filters} value selecting one label ({@code key=value}). */
  public static String labelFilter(String label) {
    return query("{\"label\":[" + jsonString(label) + "]}");
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

  private static String query(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Status line and the header the callers use. */
  private static final class Head {
    int status;
    String contentType = "";
  }

  /** Sends the body to {@code ok} on 200, else to {@code error} (set once the head is read). */
  private static final class StatusSwitch extends OutputStream {
    final OutputStream ok;
    final OutputStream error;
    OutputStream target;

    StatusSwitch(OutputStream ok, OutputStream error) {
      this.ok = ok;
      this.error = error;
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }
  }

  private Head exchange(String path, Duration timeout, OutputStream body, boolean switched)
      throws DockerUnavailableException {
    SocketChannel ch;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (IOException | UnsupportedOperationException e) {
      throw new DockerUnavailableException("cannot open a unix socket: " + e.getMessage(), e);
    }
    java.util.concurrent.atomic.AtomicBoolean late =
        new java.util.concurrent.atomic.AtomicBoolean();
    ScheduledFuture<?> kill =
        watchdog()
            .schedule(
                () -> {
                  late.set(true);
                  closeQuietly(ch);
                },
                timeout.toMillis(),
                MS);
    try (ch) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      byte[] req =
          ("GET " + path + " HTTP/1.0\r\nHost: docker\r\nUser-Agent: buildgate\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      ByteBuffer rb = ByteBuffer.wrap(req);
      while (rb.hasRemaining()) {
        ch.write(rb);
      }
      InputStream in = Channels.newInputStream(ch);
      Head h = readHead(in);
      if (switched) {
        StatusSwitch s = (StatusSwitch) body;
        s.target = h.status == 200 ? s.ok : s.error;
      }
      in.transferTo(body);
      return h;
    } catch (IOException e) {
      if (late.get()) {
        throw new DockerUnavailableException(
            "the Docker daemon at " + socket + " did not answer GET " + path + " within " + timeout,
            e);
      }
      throw new DockerUnavailableException(
          "No Docker daemon answered at unix://" + socket + ": " + e.getMessage(), e);
    } finally {
      kill.cancel(false);
    }
  }

  private static final TimeUnit MS = TimeUnit.MILLISECONDS;

  private static Head readHead(InputStream in) throws IOException {
    Head h = new Head();
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    try {
      h.status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP answer: " + status, e);
    }
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase("content-type")) {
        h.contentType = l.substring(colon + 1).trim();
      }
    }
    return h;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (b.length() == 0) {
          throw new IOException("connection closed before the answer's head");
        }
        return b.toString();
      }
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // closing to end a stuck exchange
    }
  }

  private static ScheduledExecutorService watchdog() {
    ScheduledExecutorService w = watchdog;
    if (w == null) {
      synchronized (EngineApi.class) {
        w = watchdog;
        if (w == null) {
          ScheduledThreadPoolExecutor e =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread t = new Thread(r, "buildgate-engine-api-timeout");
                    t.setDaemon(true);
                    return t;
                  });
          e.setRemoveOnCancelPolicy(true);
          watchdog = w = e;
        }
      }
    }
    return w;
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
