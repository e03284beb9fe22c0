package dev.buildgate.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP proxy on loopback for tests: plain {@code GET http://host/...} and {@code CONNECT
 * host:port} tunnels, optional Basic proxy authentication, and a record of every request. Host
 * names are "resolved" only here ({@link #route}): a URL with a fake name reaches its origin only
 * through this proxy.
 */
public final class RecordingProxy implements AutoCloseable {

  /** One request the proxy received. */
  public record Request(String method, String target, String proxyAuthorization) {}

  public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Integer> routes = new ConcurrentHashMap<>();
  private final ServerSocket server;
  private final String expectedAuth;
  private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param username required proxy user, or null for no authentication
   * @param password its password
   */
  public RecordingProxy(String username, String password) throws IOException {
    this.expectedAuth =
        username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "recording-proxy");
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Sends requests for {@code host} (any port) to {@code 127.0.0.1:port}. */
  public RecordingProxy route(String host, int port) {
    routes.put(host.toLowerCase(Locale.ROOT), port);
    return this;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread t = new Thread(() -> handle(s), "recording-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String requestLine = readLine(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      List<String> headers = new ArrayList<>();
      String auth = null;
      for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
        if (h.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
          auth = h.substring(h.indexOf(':') + 1).trim();
        } else if (!h.toLowerCase(Locale.ROOT).startsWith("proxy-")
            && !h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          headers.add(h);
        }
      }
      String[] parts = requestLine.split(" ");
      requests.add(new Request(parts[0], parts[1], auth));
      if (expectedAuth != null && !expectedAuth.equals(auth)) {
        write(
            out,
            "HTTP/1.1 407 Proxy Authentication Required\r\n"
                + "Proxy-Authenticate: Basic realm=\"recording-proxy\"\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      if (parts[0].equals("CONNECT")) {
        String host = parts[1].substring(0, parts[1].lastIndexOf(':'));
        Integer port = routes.get(host.toLowerCase(Locale.ROOT));
        if (port == null) {
          write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
          return;
        }
        try (Socket origin = new Socket(InetAddress.getLoopbackAddress(), port)) {
          write(out, "HTTP/1.1 200 Connection established\r\n\r\n");
          pipe(origin, client);
        }
        return;
      }
      URI uri = URI.create(parts[1]);
      Integer port =
          uri.getHost() == null ? null : routes.get(uri.getHost().toLowerCase(Locale.ROOT));
      if (port == null) {
        write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      try (Socket origin = new Socket(InetAddress.getLoopbackAddress(), port)) {
        StringBuilder req = new StringBuilder();
        req.append(parts[0])
            .append(' ')
            .append(uri.getRawPath())
            .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
            .append(" HTTP/1.1\r\n");
        for (String h : headers) {
          req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        write(origin.getOutputStream(), req.toString());
        origin.getInputStream().transferTo(out);
        out.flush();
      }
    } catch (IOException ignored) {
      // the client or the origin went away
    }
  }

  private static void pipe(Socket a, Socket b) throws IOException {
    Thread back =
        new Thread(
            () -> {
              try {
                a.getInputStream().transferTo(b.getOutputStream());
              } catch (IOException ignored) {
                // closed
              } finally {
                try {
                  b.shutdownOutput();
                } catch (IOException ignored) {
                  // closed
                }
              }
            },
            "recording-proxy-pipe");
    back.setDaemon(true);
    back.start();
    try {
      b.getInputStream().transferTo(a.getOutputStream());
      a.shutdownOutput();
      back.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // closed
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c == -1 && b.size() == 0) {
      return null;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (open) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
