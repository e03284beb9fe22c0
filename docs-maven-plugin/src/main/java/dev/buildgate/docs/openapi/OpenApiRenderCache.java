package dev.buildgate.docs.openapi;

import dev.buildgate.core.state.FileStamps;
import dev.buildgate.core.state.UpToDateStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps the last rendered OpenAPI spec (parsed, servers merged, written as JSON or YAML) in the
 * state directory, keyed by a hash of everything the rendering depends on: the document's text, the
 * configured servers, the output format and the code that renders it (this plugin's and Jackson's
 * jars, by path, size and modification time). An unchanged spec is then copied instead of parsed
 * and written again: parsing needs Jackson's data binding, about 0.1 s of class loading on every
 * build. The copy is byte for byte what rendering would write, so the docs fingerprint and the site
 * are the same either way. Failures to read or write the cache only cost speed.
 */
final class OpenApiRenderCache {

  /**
   * The store key of the kept answer ({@link UpToDateStore#cached}), under the rendering's key:
   * {@code <version>\t<base64 warning or ->\t<sha-256 of the kept file>}.
   */
  static final String STATE_KEY = "docs-openapi-render";

  /** The start of a code stamp that never matches (see {@link #codeStamp}). */
  private static final String UNSTAMPED = "unstamped-";

  private final UpToDateStore store;
  private final Path rendered;

  /**
   * A cache in the state directory.
   *
   * @param stateDir normally {@code target/buildgate/state}
   */
  OpenApiRenderCache(Path stateDir) {
    this.store = new UpToDateStore(stateDir);
    this.rendered = stateDir.resolve(STATE_KEY + ".out");
  }

  /**
   * A rendering kept earlier.
   *
   * @param version e.g. {@code openapi 3.1.0}
   * @param warning the servers-merge warning logged when it was rendered, or null
   */
  record Hit(String version, String warning) {}

  /**
   * The key of a rendering.
   *
   * @param text the spec document
   * @param options the servers, the source
   * @param target the file it is written to (JSON or YAML by its name)
   * @return the key, or null when the rendering code cannot be identified (then nothing is cached)
   */
  static String key(String text, OpenApiOptions options, Path target) {
    String code =
        codeStamp("dev/buildgate/docs/openapi/OpenApiSpec.class")
            + "|"
            + codeStamp("com/fasterxml/jackson/databind/ObjectMapper.class")
            + "|"
            + codeStamp("com/fasterxml/jackson/dataformat/yaml/YAMLMapper.class");
    if (code.contains(UNSTAMPED)) {
      return null;
    }
    String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder("openapi-render-v1\n").append(code).append('\n');
    sb.append(name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : "json").append('\n');
    sb.append(options.source()).append('\n');
    for (OpenApiOptions.ServerEntry s : options.servers()) {
      sb.append("server\u0000")
          .append(s.url())
          .append('\u0000')
          .append(String.valueOf(s.description()))
          .append('\n');
    }
    sb.append("text\n").append(text);
    return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Copies the kept rendering to {@code target} when it was made with this key.
   *
   * @param key the current key ({@link #key}), or null
   * @param target where the spec goes
   * @return the rendering's facts, or empty (nothing kept, another key, or it could not be copied)
   */
  Optional<Hit> copyTo(String key, Path target) {
    if (key == null) {
      return Optional.empty();
    }
    Optional<String> rec = store.cached(STATE_KEY, key);
    if (rec.isEmpty()) {
      return Optional.empty();
    }
    String[] f = rec.get().split("\t", -1);
    if (f.length != 3 || f[0].isBlank()) {
      return Optional.empty();
    }
    String warning;
    try {
      warning =
          f[1].equals("-")
              ? null
              : new String(Base64.getDecoder().decode(f[1]), StandardCharsets.UTF_8);
      byte[] bytes = Files.readAllBytes(rendered);
      if (!sha256(bytes).equals(f[2])) {
        return Optional.empty(); // changed behind our back: render again
      }
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.write(target, bytes);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(new Hit(f[0], warning));
  }

  /**
   * Keeps a rendering just written to {@code target}.
   *
   * @param key its key ({@link #key}), or null (nothing is kept)
   * @param target the written spec
   * @param version the spec's version
   * @param warning the servers-merge warning, or null
   */
  void keep(String key, Path target, String version, String warning) {
    if (key == null || version == null || version.contains("\t") || version.contains("\n")) {
      return;
    }
    try {
      byte[] bytes = Files.readAllBytes(target);
      Files.createDirectories(rendered.getParent());
      Files.write(rendered, bytes); // the kept answer names its digest: a stale one never matches
      store.cache(
          STATE_KEY,
          key,
          version
              + "\t"
              + (warning == null
                  ? "-"
                  : Base64.getEncoder().encodeToString(warning.getBytes(StandardCharsets.UTF_8)))
              + "\t"
              + sha256(bytes));
    } catch (IOException | IllegalArgumentException e) {
      // a cache that cannot be written only costs speed next time
    }
  }

  /**
   * The jar (or class file) a class comes from, by {@link FileStamps}, found as a resource: the
   * class is not loaded (the data binding alone is some 300 classes, which an up-to-date docs build
   * never needs). A value that never matches when there is no stable stamp (not found, not a file,
   * a jar replaced in the last seconds).
   *
   * @param classFile the class's resource name, e.g. {@code com/fasterxml/jackson/databind/X.class}
   */
  static String codeStamp(String classFile) {
    try {
      URL url = OpenApiRenderCache.class.getClassLoader().getResource(classFile);
      Path source = null;
      if (url != null && "jar".equals(url.getProtocol())) {
        String file = url.getPath();
        int bang = file.indexOf("!/");
        source = bang < 0 ? null : Path.of(new URI(file.substring(0, bang)));
      } else if (url != null && "file".equals(url.getProtocol())) {
        source = Path.of(url.toURI());
      }
      if (source != null) {
        String stamp = FileStamps.of(List.of(source), List.of());
        if (stamp != null) {
          return stamp;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no stable stamp: fall through
    }
    return UNSTAMPED + System.nanoTime();
  }
}
