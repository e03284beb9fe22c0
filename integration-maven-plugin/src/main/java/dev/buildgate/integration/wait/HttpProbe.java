package dev.buildgate.integration.wait;

import dev.buildgate.core.net.InsecureTls;
import dev.buildgate.integration.ServiceContainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * An HTTP(S) URL answers with a status in range (and a body matching the pattern); no redirects
 * followed, no proxy, any certificate when the wait is {@code insecure}.
 */
final class HttpProbe implements WaitProbe {
  private static final int BODY_LIMIT = 64 * 1024;

  private final WaitSpec wait;

  HttpProbe(WaitSpec wait) {
    this.wait = wait;
  }

  @Override
  public ProbeResult check(List<ServiceContainer> snapshot, int timeoutMs) {
    HttpURLConnection c = null;
    try {
      c = open(timeoutMs);
      int code = c.getResponseCode();
      if (code < wait.statusMin() || code > wait.statusMax()) {
        drain(c, code);
        return ProbeResult.notYet("HTTP " + code);
      }
      String body = drain(c, code);
      if (wait.pattern() != null && !wait.pattern().matcher(body).find()) {
        return ProbeResult.notYet("HTTP " + code + ", body does not match");
      }
      return ProbeResult.ok("HTTP " + code);
    } catch (IllegalArgumentException | ClassCastException e) {
      return ProbeResult.fatal("'" + wait.target() + "' is not an http(s) URL");
    } catch (SSLException e) {
      String hint =
          wait.insecure() ? "" : " (a self-signed certificate? set <insecure>true</insecure>)";
      return ProbeResult.notYet("TLS: " + WaitProbe.reason(e) + hint);
    } catch (IOException e) {
      return ProbeResult.notYet(WaitProbe.reason(e));
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private HttpURLConnection open(int timeoutMs) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) URI.create(wait.target()).toURL().openConnection(Proxy.NO_PROXY);
    if (c instanceof HttpsURLConnection https && wait.insecure()) {
      InsecureTls.trustAll(https);
    }
    c.setConnectTimeout(timeoutMs);
    c.setReadTimeout(timeoutMs);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    return c;
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

  /**
   * Prepares the HTTP(S) probes of these waits, to run in the background while compose starts the
   * stack: the first TLS handshake of a fresh JVM otherwise costs the first probe about a tenth of
   * a second (the TLS classes, the key share of the client hello). Nothing is sent anywhere.
   *
   * @param waits the waits
   * @return the preparation (does nothing without HTTP waits)
   */
  static Runnable warmUp(List<WaitSpec> waits) {
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
          SSLContext ctx = insecure ? InsecureTls.context() : SSLContext.getDefault();
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
}
