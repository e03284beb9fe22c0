package dev.buildgate.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Waits until every {@link WaitSpec} holds, under one overall deadline. Each wait is polled on its
 * own schedule: first after {@code initialInterval} (100 ms), then backing off by 1.5x up to the
 * wait's cap (150 ms for loopback HTTP/TCP probes, 1 s for engine queries). A one-shot service that
 * exits non-zero, or a service that dies while awaited healthy, fails at once.
 */
public final class Readiness {
  private static final int BODY_LIMIT = 64 * 1024;
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final StackView view;
  private final IntegrationLog log;
  private final Duration initialInterval;
  private final Duration progressEvery;

  public Readiness(
      StackView view, IntegrationLog log, Duration initialInterval, Duration progressEvery) {
    this.view = view;
    this.log = log;
    this.initialInterval = initialInterval;
    this.progressEvery = progressEvery;
  }

  /** Outcome of one probe. */
  record Probe(boolean ready, boolean fatal, String detail) {
    static Probe ok(String d) {
      return new Probe(true, false, d);
    }

    static Probe notYet(String d) {
      return new Probe(false, false, d);
    }

    static Probe fatal(String d) {
      return new Probe(false, true, d);
    }
  }

  private static final class Pending {
    final WaitSpec spec;
    long nextAt;
    long interval;
    String last = "not checked yet";
    String lastNonTimeout;

    void record(String detail) {
      if (detail.contains("timed out") && lastNonTimeout != null) {
        last = detail + "; before that: " + lastNonTimeout;
      } else {
        last = detail;
        if (!detail.contains("timed out")) {
          lastNonTimeout = detail;
        }
      }
    }

    Pending(WaitSpec spec, long now, long interval) {
      this.spec = spec;
      this.nextAt = now;
      this.interval = interval;
    }
  }

  /**
   * Blocks until all waits hold.
   *
   * @throws ReadinessException on timeout (naming every wait that is not ready) or a fatal state
   */
  public void await(List<WaitSpec> waits, Duration timeout)
      throws ReadinessException, StackException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    await(waits, timeout, () -> deadline);
  }

  /** No deadline yet: far enough away, near enough that nanoTime arithmetic cannot overflow. */
  static final long NO_DEADLINE_NANOS = Duration.ofDays(365).toNanos();

  /**
   * Blocks until all waits hold, under a deadline that may be set while waiting (probing can start
   * before the timeout's clock does: {@link EarlyReadiness}).
   *
   * @param timeout the timeout, as named in the message when it passes
   * @param deadline the {@link System#nanoTime()} when it passes, read on every round
   * @throws ReadinessException on timeout (naming every wait that is not ready) or a fatal state
   */
  void await(List<WaitSpec> waits, Duration timeout, java.util.function.LongSupplier deadline)
      throws ReadinessException, StackException, InterruptedException {
    long start = System.nanoTime();
    List<Pending> pending = new ArrayList<>();
    for (WaitSpec w : waits) {
      pending.add(new Pending(w, start, initialInterval.toNanos()));
    }
    long nextProgress = start + progressEvery.toNanos();
    while (!pending.isEmpty()) {
      long now = System.nanoTime();
      List<ServiceContainer> snapshot = null;
      for (var it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.nextAt > now) {
          continue;
        }
        if (p.spec.service() != null && snapshot == null) {
          snapshot = view.containers();
        }
        Probe r = probe(p.spec, snapshot, deadline.getAsLong());
        if (r.ready()) {
          log.info(
              "ready: "
                  + p.spec.describe()
                  + " after "
                  + millis(System.nanoTime() - start)
                  + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
          it.remove();
          continue;
        }
        p.record(r.detail());
        if (r.fatal()) {
          throw new ReadinessException(
              "stack not ready: " + p.spec.describe() + ": " + r.detail(),
              List.of(p.spec.describe() + " (" + r.detail() + ")"));
        }
        p.interval = Math.min((long) (p.interval * 1.5), p.spec.maxPollInterval().toNanos());
        p.nextAt = System.nanoTime() + p.interval;
      }
      if (pending.isEmpty()) {
        return;
      }
      now = System.nanoTime();
      long until = deadline.getAsLong();
      if (now - until >= 0) {
        List<String> names = new ArrayList<>();
        for (Pending p : pending) {
          names.add(p.spec.describe() + " (" + p.last + ")");
        }
        throw new ReadinessException(
            "stack not ready after "
                + millis(timeout.toNanos())
                + "; never ready: "
                + String.join("; ", names),
            names);
      }
      if (now - nextProgress >= 0) {
        List<String> parts = new ArrayList<>();
        for (Pending p : pending) {
          parts.add(p.spec.describe() + " (" + p.last + ")");
        }
        log.info(
            "waiting ("
                + (until - now > NO_DEADLINE_NANOS / 2
                    ? "compose still starting"
                    : (until - now) / 1_000_000_000L + " s left")
                + ") for: "
                + String.join("; ", parts));
        nextProgress = now + progressEvery.toNanos();
      }
      long wake = Math.min(until, now + progressEvery.toNanos());
      for (Pending p : pending) {
        wake = Math.min(wake, p.nextAt);
      }
      long sleep = wake - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
      }
    }
  }

  /**
   * Prepares the HTTP(S) probes of these waits, to run in the background while compose starts the
   * stack: the first TLS handshake of a fresh JVM otherwise costs the first probe about a tenth of
   * a second (the TLS classes, the key share of the client hello). Nothing is sent anywhere.
   *
   * @param waits the waits
   * @return the preparation (does nothing without HTTP waits)
   */
  public static Runnable warmUp(List<WaitSpec> waits) {
    boolean http = false;
    boolean https = false;
    boolean trustAll = false;
    for (WaitSpec w : waits) {
      if (w.kind() == WaitSpec.Kind.HTTP) {
        http = true;
        if (w.target().regionMatches(true, 0, "https:", 0, 6)) {
          https = true;
          trustAll |= w.insecure();
        }
      }
    }
    if (!http) {
      return () -> {};
    }
    boolean tls = https;
    boolean insecure = trustAll;
    return () -> {
      try {
        URI.create("http://127.0.0.1:1/").toURL().openConnection(Proxy.NO_PROXY);
        if (tls) {
          SSLContext ctx = insecure ? TrustAll.CONTEXT : SSLContext.getDefault();
          javax.net.ssl.SSLEngine e = ctx.createSSLEngine("localhost", 443);
          e.setUseClientMode(true);
          e.beginHandshake();
          e.wrap(
              java.nio.ByteBuffer.allocate(0),
              java.nio.ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
        }
      } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
        // only a head start: the probes report any real problem
      }
    };
  }

  /** Services whose logs explain a failed wait (the service itself, or who publishes the port). */
  public static Set<String> servicesOf(List<String> notReady, List<ServiceContainer> containers) {
    Set<String> out = new LinkedHashSet<>();
    for (String d : notReady) {
      for (ServiceContainer c : containers) {
        if (d.startsWith("service " + c.service() + " ")) {
          out.add(c.service());
        }
        for (ServiceContainer.PublishedPort p : c.ports()) {
          if (d.contains(":" + p.hostPort() + "/")
              || d.contains(":" + p.hostPort() + " ")
              || d.endsWith(":" + p.hostPort())) {
            out.add(c.service());
          }
        }
      }
    }
    return out;
  }

  private Probe probe(WaitSpec w, List<ServiceContainer> snapshot, long deadline)
      throws StackException {
    long left = Math.max(50, (deadline - System.nanoTime()) / 1_000_000L);
    int timeoutMs = (int) Math.min(PROBE_TIMEOUT.toMillis(), left);
    return switch (w.kind()) {
      case HTTP -> http(w, timeoutMs);
      case TCP -> tcp(w.target(), timeoutMs);
      case HEALTHY -> healthy(w.target(), snapshot);
      case EXITED -> exited(w.target(), snapshot);
      case LOG -> logLine(w, snapshot);
    };
  }

  private static List<ServiceContainer> of(String service, List<ServiceContainer> snapshot) {
    List<ServiceContainer> out = new ArrayList<>();
    for (ServiceContainer c : snapshot) {
      if (service.equals(c.service())) {
        out.add(c);
      }
    }
    return out;
  }

  static Probe healthy(String service, List<ServiceContainer> snapshot) {
    List<ServiceContainer> cs = of(service, snapshot);
    if (cs.isEmpty()) {
      return Probe.notYet("no container yet");
    }
    for (ServiceContainer c : cs) {
      if (c.exited()) {
        return Probe.fatal(
            "container " + c.name() + " exited with code " + c.exitCode() + " before healthy");
      }
      if (c.health() == null) {
        return Probe.fatal(
            "service " + service + " has no healthcheck: add one or wait for a URL/port instead");
      }
      if (!"healthy".equals(c.health())) {
        return Probe.notYet("health: " + c.health());
      }
    }
    return Probe.ok("");
  }

  static Probe exited(String service, List<ServiceContainer> snapshot) {
    List<ServiceContainer> cs = of(service, snapshot);
    if (cs.isEmpty()) {
      return Probe.notYet("no container yet");
    }
    for (ServiceContainer c : cs) {
      if (!c.exited()) {
        return Probe.notYet(c.state());
      }
      if (c.exitCode() != 0) {
        return Probe.fatal("container " + c.name() + " exited with code " + c.exitCode());
      }
    }
    return Probe.ok("");
  }

  private Probe logLine(WaitSpec w, List<ServiceContainer> snapshot) throws StackException {
    List<ServiceContainer> cs = of(w.target(), snapshot);
    if (cs.isEmpty()) {
      return Probe.notYet("no container yet");
    }
    for (ServiceContainer c : cs) {
      String text = view.logs(c.id(), 5000);
      if (!w.pattern().matcher(text).find()) {
        if (c.exited()) {
          return Probe.fatal(
              "container " + c.name() + " exited (code " + c.exitCode() + ") without that line");
        }
        return Probe.notYet("no matching line yet");
      }
    }
    return Probe.ok("");
  }

  static Probe tcp(String hostPort, int timeoutMs) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return Probe.fatal("'" + hostPort + "' is not host:port");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      return Probe.fatal("'" + hostPort + "' is not host:port");
    }
    try (Socket s = new Socket(Proxy.NO_PROXY)) {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      // docker-proxy accepts on the host even when nothing listens in the container yet, and then
      // closes at once: a connection that stays open (or greets) for 100 ms is a real listener.
      s.setSoTimeout(100);
      try {
        int b = s.getInputStream().read();
        return b < 0 ? Probe.notYet("connection closed at once") : Probe.ok("");
      } catch (SocketTimeoutException quiet) {
        return Probe.ok("");
      }
    } catch (IOException e) {
      return Probe.notYet(reason(e));
    }
  }

  static Probe http(WaitSpec w, int timeoutMs) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(w.target()).toURL().openConnection(Proxy.NO_PROXY);
      if (c instanceof HttpsURLConnection https && w.insecure()) {
        https.setSSLSocketFactory(TrustAll.CONTEXT.getSocketFactory());
        https.setHostnameVerifier((host, session) -> true);
      }
      c.setConnectTimeout(timeoutMs);
      c.setReadTimeout(timeoutMs);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      int code = c.getResponseCode();
      if (code < w.statusMin() || code > w.statusMax()) {
        drain(c, code);
        return Probe.notYet("HTTP " + code);
      }
      if (w.pattern() != null) {
        String body = drain(c, code);
        if (!w.pattern().matcher(body).find()) {
          return Probe.notYet("HTTP " + code + ", body does not match");
        }
      } else {
        drain(c, code);
      }
      return Probe.ok("HTTP " + code);
    } catch (IllegalArgumentException | ClassCastException e) {
      return Probe.fatal("'" + w.target() + "' is not an http(s) URL");
    } catch (SSLException e) {
      String hint =
          w.insecure() ? "" : " (a self-signed certificate? set <insecure>true</insecure>)";
      return Probe.notYet("TLS: " + reason(e) + hint);
    } catch (IOException e) {
      return Probe.notYet(reason(e));
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private static String drain(HttpURLConnection c, int code) throws IOException {
    InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null) {
      return "";
    }
    try (in) {
      byte[] b = in.readNBytes(BODY_LIMIT);
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static String reason(Exception e) {
    String m = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      return name;
    }
    m = m.replace('\n', ' ');
    if (m.length() > 160) {
      m = m.substring(0, 160) + "...";
    }
    return m.toLowerCase(java.util.Locale.ROOT).contains(name.toLowerCase(java.util.Locale.ROOT))
        ? m
        : name.replace("Exception", "") + ": " + m;
  }

  static String millis(long nanos) {
    long ms = nanos / 1_000_000L;
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  /** Trust-all TLS, used only for waits that set {@code insecure}. */
  private static final class TrustAll {
    static final SSLContext CONTEXT = create();

    private static SSLContext create() {
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManager tm =
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public void checkServerTrusted(X509Certificate[] chain, String authType) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            };
        ctx.init(null, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("no TLS in this JVM", e);
      }
    }
  }
}
