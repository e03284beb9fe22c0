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
import java.util.Map;

/**
 * Where the Docker daemon is, resolved the way the docker CLI does it: {@code DOCKER_HOST}, else
 * the context named by {@code DOCKER_CONTEXT} or by {@code currentContext} in the docker config
 * ({@code $DOCKER_CONFIG/config.json}, default {@code ~/.docker}), else the default socket.
 *
 * @param uri the daemon endpoint, e.g. {@code unix:///var/run/docker.sock} or {@code tcp://h:2376}
 * @param source where the endpoint came from, for messages ("DOCKER_HOST", "docker context 'x'",
 *     "default socket")
 * @param tlsVerify whether TLS is verified ({@code DOCKER_TLS_VERIFY})
 * @param certPath directory with ca.pem/cert.pem/key.pem, or {@code null}
 * @param configDir the docker CLI config directory
 */
public record DockerHost(
    String uri, String source, boolean tlsVerify, Path certPath, Path configDir) {

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
    Path certPath =
        blank(env.get("DOCKER_CERT_PATH")) ? null : Path.of(env.get("DOCKER_CERT_PATH"));
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
          configDir);
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

  /**
   * A one-line description for messages.
   *
   * @return e.g. {@code unix:///var/run/docker.sock (default socket)}
   */
  public String describe() {
    return uri + " (" + source + ")";
  }
}
