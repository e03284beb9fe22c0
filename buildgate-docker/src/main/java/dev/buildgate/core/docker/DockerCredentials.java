package dev.buildgate.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Finds registry credentials the way the user already configured them, and never writes them
 * anywhere: a Maven settings.xml server whose id is the registry host (given by the caller), else
 * the docker CLI config ({@code $DOCKER_CONFIG/config.json}): {@code credHelpers[host]}, then an
 * inline {@code auths[host]} entry, then the {@code credsStore} helper.
 */
public final class DockerCredentials {

  private static final ObjectMapper JSON = InputLimits.jsonMapper();

  private final Path configDir;
  private final Map<String, RegistryCredentials> settingsServers;
  private final ProcessRunner runner;

  /**
   * Creates a resolver.
   *
   * @param configDir the docker CLI config dir ({@link DockerHost#configDir})
   * @param settingsServers settings.xml servers by id (already decrypted); ids are matched against
   *     the registry host
   * @param runner runs credential helpers ({@code docker-credential-<name> get})
   */
  public DockerCredentials(
      Path configDir, Map<String, RegistryCredentials> settingsServers, ProcessRunner runner) {
    this.configDir = configDir;
    this.settingsServers = Map.copyOf(settingsServers);
    this.runner = runner;
  }

  /**
   * The registry host of an image reference ({@code docker.io} when it has none).
   *
   * @param ref e.g. {@code 127.0.0.1:5000/acme/app:1}
   * @return e.g. {@code 127.0.0.1:5000}
   */
  public static String registryOf(String ref) {
    int slash = ref.indexOf('/');
    if (slash < 0) {
      return "docker.io";
    }
    String first = ref.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      return first;
    }
    return "docker.io";
  }

  /**
   * Credentials for a registry.
   *
   * @param registry the registry host (e.g. {@code 127.0.0.1:5000}, {@code ghcr.io})
   * @return credentials, or empty for anonymous access
   * @throws IOException when the docker config cannot be read or a helper fails
   */
  public Optional<RegistryCredentials> forRegistry(String registry) throws IOException {
    RegistryCredentials s = settingsServers.get(registry);
    if (s != null) {
      return Optional.of(s);
    }
    Path cfg = configDir.resolve("config.json");
    if (!Files.isRegularFile(cfg)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(cfg.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read docker config " + cfg + ": " + e.getMessage(), e);
    }
    JsonNode helpers = root.path("credHelpers");
    JsonNode helper = find(helpers, registry);
    if (helper != null && helper.isTextual()) {
      return helper(helper.asText(), registry, "credHelpers");
    }
    JsonNode auth = find(root.path("auths"), registry);
    if (auth != null) {
      String user = auth.path("username").asText("");
      String pass = auth.path("password").asText("");
      String encoded = auth.path("auth").asText("");
      if (!encoded.isEmpty()) {
        String decoded =
            new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          user = decoded.substring(0, colon);
          pass = decoded.substring(colon + 1);
        }
      }
      String token = auth.path("identitytoken").asText("");
      if (!user.isEmpty() || !token.isEmpty()) {
        return Optional.of(
            new RegistryCredentials(
                user.isEmpty() ? "<token>" : user,
                token.isEmpty() ? pass : token,
                "docker config " + cfg + " auths"));
      }
    }
    String store = root.path("credsStore").asText("");
    if (!store.isEmpty()) {
      return helper(store, registry, "credsStore");
    }
    return Optional.empty();
  }

  private Optional<RegistryCredentials> helper(String name, String registry, String kind)
      throws IOException {
    String exe = "docker-credential-" + name;
    ProcessResult r;
    try {
      r =
          runner.run(
              ProcessSpec.builder(exe, "get")
                  .stdin(registry)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              LineSink.NONE);
    } catch (ExecException e) {
      throw new IOException(
          "docker config "
              + kind
              + " names credential helper '"
              + name
              + "' but "
              + exe
              + " could not be run: "
              + e.getMessage(),
          e);
    }
    if (r.exitCode() != 0) {
      // "credentials not found": anonymous
      return Optional.empty();
    }
    JsonNode out = JSON.readTree(r.stdout());
    String user = out.path("Username").asText("");
    String secret = out.path("Secret").asText("");
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RegistryCredentials(user, secret, "docker credential helper " + exe));
  }

  private static JsonNode find(JsonNode map, String registry) {
    if (map == null || !map.isObject()) {
      return null;
    }
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (normalise(e.getKey()).equals(normalise(registry))) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * Normalises a registry key: scheme and path dropped; Docker Hub aliases mapped to {@code
   * docker.io}.
   *
   * @param key e.g. {@code https://index.docker.io/v1/}
   * @return e.g. {@code docker.io}
   */
  static String normalise(String key) {
    String k = key.trim();
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    if (k.equals("index.docker.io") || k.equals("registry-1.docker.io")) {
      return "docker.io";
    }
    return k;
  }
}
