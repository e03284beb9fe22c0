package dev.buildgate.docs.openapi;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.InsecureTls;
import dev.buildgate.core.net.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/** Reads an OpenAPI spec from a file or fetches it over http(s), with timeouts and retries. */
public final class OpenApiLoader {

  private final GateLog log;
  private final Network network;

  public OpenApiLoader(GateLog log) {
    this(log, Network.DIRECT);
  }

  /**
   * @param network the settings.xml proxy the fetch goes through (loopback and {@code
   *     nonProxyHosts} stay direct); offline, only a loopback URL is fetched
   */
  public OpenApiLoader(GateLog log, Network network) {
    this.log = log;
    this.network = network;
  }

  /** Loads, parses and validates the spec and merges the configured servers in. */
  public OpenApiSpec load(OpenApiOptions options)
      throws GateFailedException, GateCannotRunException {
    OpenApiSpec spec = OpenApiSpec.parse(text(options), options.source());
    String warning = spec.mergeServers(options.servers());
    if (warning != null) {
      log.warn(warning);
    }
    return spec;
  }

  /**
   * The spec document as fetched or read, not parsed yet.
   *
   * @param options where it comes from
   * @return the text
   */
  public String text(OpenApiOptions options) throws GateFailedException, GateCannotRunException {
    return options.url() != null ? fetch(options) : read(options);
  }

  private static String read(OpenApiOptions options) throws GateCannotRunException {
    try {
      long size = Files.size(options.file());
      if (size > options.maxBytes()) {
        throw tooLarge(options, size + " bytes");
      }
      return Files.readString(options.file(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new GateCannotRunException(
          "OpenAPI spec file "
              + options.file()
              + " does not exist: fix buildgate.docs.openapi.file (<openapiFile>) or generate the spec first.");
    } catch (IOException e) {
      throw new GateCannotRunException(
          "Could not read OpenAPI spec file " + options.file() + ": " + e.getMessage(), e);
    }
  }

  private String fetch(OpenApiOptions options) throws GateCannotRunException, GateFailedException {
    String url = options.url();
    if (url.contains("${")) {
      throw new GateCannotRunException(
          "OpenAPI URL "
              + url
              + " contains an unresolved property: set it (for a stack started by"
              + " integration:up, run docs:build after integration:up in the same build).");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new GateCannotRunException(
          "OpenAPI URL "
              + url
              + " is not a valid URL: "
              + e.getMessage()
              + " (buildgate.docs.openapi.url)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new GateCannotRunException(
          "OpenAPI URL "
              + url
              + " must be http:// or https:// (use buildgate.docs.openapi.file for a local file).");
    }
    if (network.offline() && (uri.getHost() == null || !Network.isLoopback(uri.getHost()))) {
      throw new GateCannotRunException(
          "offline: the OpenAPI spec at "
              + url
              + " is not on this machine; run without -o or set buildgate.docs.openapi.file");
    }
    Optional<Proxy> proxy = network.javaProxy(uri);
    Optional<Authenticator> proxyAuth = network.authenticator();
    int attempts = options.retries() + 1;
    String lastError = null;
    boolean tls = false;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        log.info(
            "OpenAPI fetch attempt "
                + attempt
                + "/"
                + attempts
                + " after: "
                + lastError
                + " (waiting "
                + options.retryDelay().toMillis()
                + " ms)");
        sleep(options.retryDelay().toMillis());
      }
      HttpURLConnection conn = null;
      try {
        URLConnection c =
            proxy.isPresent()
                ? uri.toURL().openConnection(proxy.get())
                : uri.toURL().openConnection();
        if (!(c instanceof HttpURLConnection)) {
          throw new IOException("not an HTTP connection");
        }
        conn = (HttpURLConnection) c;
        if (proxyAuth.isPresent()) {
          conn.setAuthenticator(proxyAuth.get());
        }
        if (options.insecure() && conn instanceof HttpsURLConnection https) {
          InsecureTls.trustAll(https);
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
        conn.setConnectTimeout(timeout);
        conn.setReadTimeout(timeout);
        conn.setInstanceFollowRedirects(true);
        conn.setRequestProperty(
            "Accept", "application/json, application/yaml;q=0.9, text/yaml;q=0.9, */*;q=0.5");
        conn.setRequestProperty("User-Agent", "buildgate-docs");
        int status = conn.getResponseCode();
        long declared = conn.getContentLengthLong();
        if (status < 400 && declared > options.maxBytes()) {
          throw tooLarge(options, "Content-Length " + declared + " bytes"); // never retried
        }
        if (status >= 400) {
          lastError = "HTTP " + status + " " + nullToEmpty(conn.getResponseMessage());
          drain(conn.getErrorStream());
          if (status == 408 || status == 429 || status >= 500) {
            continue;
          }
          break;
        }
        try (InputStream in = conn.getInputStream()) {
          String body = download(in, options);
          log.info(
              "OpenAPI spec fetched from "
                  + url
                  + " ("
                  + body.length()
                  + " chars, HTTP "
                  + status
                  + ")");
          return body;
        }
      } catch (SSLException e) {
        lastError = "TLS error: " + e.getMessage();
        tls = true;
        break;
      } catch (ConnectException e) {
        lastError = "connection refused";
      } catch (SocketTimeoutException e) {
        lastError = "timed out after " + options.timeout().toMillis() + " ms";
      } catch (UnknownHostException e) {
        lastError = "unknown host " + e.getMessage();
      } catch (IOException e) {
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      } finally {
        if (conn != null) {
          conn.disconnect();
        }
      }
    }
    String hint =
        tls
            ? " Fix the server certificate, or for a self-signed test stack set"
                + " <openapiInsecure>true</openapiInsecure> (-Dbuildgate.docs.openapi.insecure)."
            : " Check buildgate.docs.openapi.url and that the API is up (timeout "
                + options.timeout().toSeconds()
                + " s, retries "
                + options.retries()
                + ").";
    throw new GateCannotRunException(
        "Could not fetch the OpenAPI spec from " + url + ": " + lastError + "." + hint);
  }

  /**
   * Streams the body to a temporary file, stopping (and failing, without a retry) at the first byte
   * past the cap, so a huge or endless response costs neither the heap nor the disk; only a body
   * within the cap is read back.
   */
  private static String download(InputStream in, OpenApiOptions options)
      throws IOException, GateCannotRunException {
    Path part = Files.createTempFile("buildgate-openapi-", ".part");
    try {
      long total = 0;
      try (OutputStream out = Files.newOutputStream(part)) {
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
          total += n;
          if (total > options.maxBytes()) {
            throw tooLarge(options, "more than " + options.maxBytes() + " bytes");
          }
          out.write(buf, 0, n);
        }
      }
      return new String(Files.readAllBytes(part), StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static GateCannotRunException tooLarge(OpenApiOptions options, String size) {
    return new GateCannotRunException(
        "OpenAPI spec from "
            + options.source()
            + " is too large ("
            + size
            + "; the cap is "
            + options.maxBytes()
            + " bytes): check that it is the spec, or raise <openapiMaxSize> (buildgate.docs.openapi.maxSize,"
            + " in MB, default "
            + OpenApiOptions.DEFAULT_MAX_MB
            + ").");
  }

  private static void drain(InputStream in) {
    if (in == null) {
      return;
    }
    try (in) {
      in.readAllBytes();
    } catch (IOException ignored) {
      // best effort, lets the connection be reused
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static void sleep(long millis) throws GateCannotRunException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GateCannotRunException("Interrupted while waiting to retry the OpenAPI fetch", e);
    }
  }
}
