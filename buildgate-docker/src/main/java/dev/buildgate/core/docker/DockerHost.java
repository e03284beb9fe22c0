package dev.buildgate.core.docker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the Docker daemon is, resolved the way the docker CLI does it: {@code DOCKER_HOST}, else
 * the context named by {@code DOCKER_CONTEXT} or by {@code currentContext} in the docker config
 * ({@code $DOCKER_CONFIG/config.json}, default {@code ~/.docker}), else the default socket.
 *
 * <p>The one place that decides which daemon a build talks to: the engine client (docker-java and
 * the socket fast path) connects to {@link #uri()}, every child CLI (docker, buildx, compose,
 * Trivy) gets {@link #cliEnv()} / {@link #clientEnv()}, and published ports are reached on {@link
 * #portHost()}: the host of a {@code tcp://} or {@code ssh://} daemon, {@code 127.0.0.1} for a
 * local socket.
 *
 * @param uri the daemon endpoint, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://h:2376}
 * @param source where the endpoint came from, for messages ("DOCKER_HOST", "docker context 'x'",
 *     "default socket")
 * @param tlsVerify whether TLS is verified ({@code DOCKER_TLS_VERIFY})
 * @param certPath directory with ca.pem/cert.pem/key.pem, or {@code null}
 * @param configDir the docker CLI config directory
 * @param context the docker context the endpoint came from, or {@code null}
 */
public record DockerHost(
    String uri, String source, boolean tlsVerify, Path certPath, Path configDir, String context) {

  /**
   * An endpoint that did not come from a docker context.
   *
   * @param uri the daemon endpoint
   * @param source where it came from
   * @param tlsVerify whether TLS is verified
   * @param certPath the client certificates, or {@code null}
   * @param configDir the docker CLI config directory
   */
  public DockerHost(String uri, String source, boolean tlsVerify, Path certPath, Path configDir) {
    this(uri, source, tlsVerify, certPath, configDir, null);
  }

  /** The default endpoint on Linux and macOS. */
  public static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

  /** Created on first use: most builds read no docker context (Jackson databind costs startup). */
  private static final class Json {
    static final ObjectMapper MAPPER = InputLimits.jsonMapper();
  }

  /**
   * Resolves the daemon endpoint.
   *
   * @param env the environment (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_TLS_VERIFY,
   *     DOCKER_CERT_PATH)
   * @param home the user's home directory (for {@code ~/.docker})
   * @return the endpoint
   */
  public static DockerHost resolve(Map<String, String> env, Path home) {
    Path configDir = configDir(env, home);
    boolean tls = truthy(env.get("DOCKER_TLS_VERIFY"));
    // the CLI's default: DOCKER_TLS_VERIFY without DOCKER_CERT_PATH reads
    // ~/.docker/{ca,cert,key}.pem
    Path certPath =
        blank(env.get("DOCKER_CERT_PATH"))
            ? (tls ? configDir : null)
            : Path.of(env.get("DOCKER_CERT_PATH"));
    String host = env.get("DOCKER_HOST");
    if (!blank(host)) {
      return new DockerHost(host.trim(), "DOCKER_HOST", tls, certPath, configDir);
    }
    String context = env.get("DOCKER_CONTEXT");
    String contextSource = "DOCKER_CONTEXT";
    if (blank(context)) {
      context = currentContext(configDir);
      contextSource = configDir.resolve("config.json") + " currentContext";
    }
    if (!blank(context) && !"default".equals(context)) {
      Path metaDir = configDir.resolve("contexts").resolve("meta").resolve(sha256(context));
      Path meta = metaDir.resolve("meta.json");
      String endpoint = null;
      boolean skipTls = true;
      try {
        JsonNode docker = Json.MAPPER.readTree(meta.toFile()).path("Endpoints").path("docker");
        endpoint = docker.path("Host").asText(null);
        skipTls = docker.path("SkipTLSVerify").asBoolean(false);
      } catch (IOException e) {
        throw new IllegalStateException(
            "docker context '"
                + context
                + "' (from "
                + contextSource
                + ") has no readable "
                + meta
                + ": "
                + e.getMessage()
                + ". Fix: `docker context ls`, then `docker context use default` or set DOCKER_HOST.",
            e);
      }
      if (blank(endpoint)) {
        throw new IllegalStateException(
            "docker context '" + context + "' in " + meta + " has no Endpoints.docker.Host");
      }
      Path tlsDir =
          configDir.resolve("contexts").resolve("tls").resolve(sha256(context)).resolve("docker");
      boolean hasTls = Files.isDirectory(tlsDir);
      return new DockerHost(
          endpoint,
          "docker context '" + context + "'",
          hasTls && !skipTls,
          hasTls ? tlsDir : certPath,
          configDir,
          context);
    }
    return new DockerHost(DEFAULT_SOCKET, "default socket", tls, certPath, configDir);
  }

  /**
   * The docker CLI config directory: {@code DOCKER_CONFIG} or {@code ~/.docker}.
   *
   * @param env the environment
   * @param home the home directory
   * @return the directory (may not exist)
   */
  public static Path configDir(Map<String, String> env, Path home) {
    String dc = env.get("DOCKER_CONFIG");
    return blank(dc) ? home.resolve(".docker") : Path.of(dc);
  }

  private static String currentContext(Path configDir) {
    Path cfg = configDir.resolve("config.json");
    if (!Files.isRegularFile(cfg)) {
      return null;
    }
    // streamed: config.json is read on every build, and usually names no context
    try (JsonParser p = InputLimits.jsonFactory().createParser(cfg.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String context = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("currentContext".equals(field)) {
          context = value == JsonToken.VALUE_STRING ? p.getText() : null;
        } else {
          p.skipChildren();
        }
      }
      return context;
    } catch (IOException e) {
      return null;
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean truthy(String v) {
    return v != null && !v.isBlank() && !"0".equals(v) && !"false".equalsIgnoreCase(v);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** The schemes of the docker CLI's {@code -H}/{@code DOCKER_HOST}. */
  private static final Set<String> SCHEMES =
      Set.of("unix", "tcp", "ssh", "npipe", "fd", "http", "https");

  /**
   * The endpoint's scheme, lower case ({@code unix}, {@code tcp}, {@code ssh}, ...), or "" when it
   * has none.
   *
   * @return the scheme
   */
  public String scheme() {
    int i = uri.indexOf("://");
    return i <= 0 ? "" : uri.substring(0, i).toLowerCase(Locale.ROOT);
  }

  /**
   * Checks what can be checked without contacting the daemon: a known scheme and, for TLS, the
   * client certificates.
   *
   * @throws DockerUnavailableException with one line naming the variable and the fix
   */
  public void check() throws DockerUnavailableException {
    if (!SCHEMES.contains(scheme())) {
      throw new DockerUnavailableException(
          source
              + ": '"
              + uri
              + "' is not a Docker daemon address. Fix: set DOCKER_HOST to"
              + " unix:///var/run/docker.sock, tcp://host:2376 (TLS: DOCKER_TLS_VERIFY=1 and"
              + " DOCKER_CERT_PATH) or ssh://user@host, or unset it.",
          null);
    }
    if (!tlsVerify || !("tcp".equals(scheme()) || "https".equals(scheme()))) {
      return;
    }
    String certVar =
        context != null
            ? "the TLS directory of docker context '" + context + "'"
            : "DOCKER_CERT_PATH";
    for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      Path p = certPath == null ? null : certPath.resolve(f);
      if (p == null || !Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new DockerUnavailableException(
            certVar
                + "="
                + certPath
                + " has no readable "
                + f
                + " (DOCKER_TLS_VERIFY=1 needs ca.pem, cert.pem and key.pem of the daemon's"
                + " client certificates). Fix: point DOCKER_CERT_PATH at them (GitLab docker:dind:"
                + " /certs/client), or unset DOCKER_TLS_VERIFY for a daemon without TLS.",
            null);
      }
    }
  }

  /**
   * The host where the daemon publishes container ports: the host of a {@code tcp://}, {@code
   * http(s)://} or {@code ssh://} endpoint (an IPv6 address in brackets), else {@code 127.0.0.1} (a
   * local socket or pipe).
   *
   * @return a host for {@code host:port}
   */
  public String portHost() {
    String s = scheme();
    if (!(s.equals("tcp") || s.equals("ssh") || s.equals("http") || s.equals("https"))) {
      return LOOPBACK;
    }
    String rest = uri.substring(uri.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    int at = authority.lastIndexOf('@');
    String hostPort = at < 0 ? authority : authority.substring(at + 1);
    String host;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = close < 0 ? hostPort : hostPort.substring(0, close + 1);
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
    return host.isEmpty() ? LOOPBACK : host;
  }

  /** The loopback address published ports of a local daemon are reached on. */
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * Whether the daemon's host is another machine (or namespace) than this one: its published ports
   * are then not on this host's loopback.
   *
   * @return true unless the endpoint is a local socket or a loopback address
   */
  public boolean remote() {
    return !isLoopback(portHost());
  }

  /**
   * Whether a host name or address means this host's loopback.
   *
   * @param host a host, maybe an IPv6 address in brackets
   * @return true for {@code localhost}, {@code 127.x.y.z}, {@code ::1}
   */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("[::1]")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * The variables that make the docker CLI and its plugins (buildx, compose) talk to this daemon:
   * {@code DOCKER_CONTEXT} for a context, else {@code DOCKER_HOST} with {@code DOCKER_TLS_VERIFY}
   * and {@code DOCKER_CERT_PATH}; nothing for the default socket.
   *
   * @return name to value
   */
  public Map<String, String> cliEnv() {
    if (context != null) {
      return Map.of("DOCKER_CONTEXT", context);
    }
    return "default socket".equals(source) && !tlsVerify ? Map.of() : clientEnv();
  }

  /**
   * The variables that make any Docker client library (Trivy, testcontainers, ...) talk to this
   * daemon: {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} (of the
   * context's TLS material for a context). Clients that do not read docker contexts get the
   * context's endpoint this way.
   *
   * @return name to value
   */
  public Map<String, String> clientEnv() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DOCKER_HOST", uri);
    if (tlsVerify) {
      m.put("DOCKER_TLS_VERIFY", "1");
    }
    if (certPath != null) {
      m.put("DOCKER_CERT_PATH", certPath.toString());
    }
    return m;
  }

  /**
   * A one-line description for messages.
   *
   * @return e.g. {@code unix:///var/run/docker.sock (default socket)}
   */
  public String describe() {
    return uri + " (" + source + ")";
  }
}
