package dev.buildgate.integration.compose;

import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The CI compose file rendered from a stack's configuration, with what the up-to-date check needs
 * of it: the image of every service (before interpolation; the stable name of services compose
 * builds without one) and the services with a {@code build:} section.
 *
 * <p>Rendering loads the YAML library, which costs a fresh plugin realm a few hundred milliseconds,
 * so {@link #of} keeps the last result ({@link UpToDateStore#cached}) in the output directory,
 * keyed by a digest of everything the rendering reads: the compose files' paths and contents, the
 * overrides and the project key. While those are unchanged (the usual case between builds), neither
 * the up-to-date check nor {@code up} parses YAML.
 *
 * @param rendered the rendered file, its services, the edits made and the unnamed built services
 * @param images service to image reference (uninterpolated), in file order
 * @param built services with a {@code build:} section
 */
public record ComposeModel(
    ComposeRenderer.Rendered rendered, Map<String, String> images, List<String> built) {

  /** The key of the kept rendering ({@link UpToDateStore#cached}) in the output directory. */
  static final String CACHE_KEY = "compose-render";

  public ComposeModel {
    images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    built = List.copyOf(built);
  }

  /**
   * The model, from the cache when the rendering's inputs are unchanged, else rendered and kept.
   *
   * @throws IntegrationConfigException when the files or overrides are invalid (never cached)
   */
  public static ComposeModel of(ComposeConfig cfg) throws IntegrationConfigException, IOException {
    UpToDateStore store = new UpToDateStore(cfg.outputDir());
    String key = key(cfg);
    ComposeModel m = store.cached(CACHE_KEY, key).map(ComposeModel::read).orElse(null);
    if (m == null) {
      m = render(cfg);
      store.cache(CACHE_KEY, key, m.write());
    }
    return m;
  }

  /** Renders without the cache. */
  public static ComposeModel render(ComposeConfig cfg)
      throws IntegrationConfigException, IOException {
    ComposeRenderer.Rendered rendered =
        ComposeRenderer.render(cfg.composeFiles(), cfg.overrides(), cfg.remoteDaemon());
    Map<String, String> images = new LinkedHashMap<>();
    for (String service : rendered.services()) {
      if (rendered.images().containsKey(service)) {
        images.put(service, rendered.images().get(service));
      } else if (rendered.builtUnnamed().contains(service)) {
        images.put(service, RunFile.builtImageName(cfg.projectKey(), service));
      }
    }
    return new ComposeModel(rendered, images, rendered.built());
  }

  /** Digest of everything the rendering reads; null when a compose file is unreadable. */
  static String key(ComposeConfig cfg) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
    try {
      for (Path f : cfg.composeFiles()) {
        d.update(f.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
        d.update(Files.readAllBytes(f));
        d.update((byte) 0);
      }
    } catch (IOException | RuntimeException e) {
      return null; // render() says what is wrong
    }
    // records: every override field, in order; the environment's values are not rendered (the
    // file refers to variables), so only their keys count, and no digest of a secret is kept
    List<ServiceOverride> shapes = new ArrayList<>();
    for (ServiceOverride o : cfg.overrides()) {
      Map<String, String> keys = new LinkedHashMap<>();
      o.addEnvironment().keySet().forEach(k -> keys.put(k, ""));
      shapes.add(
          new ServiceOverride(
              o.service(),
              o.drop(),
              o.image(),
              keys,
              o.removeEnvironment(),
              o.removeVolumes(),
              o.removeVolumesContaining(),
              o.addVolumes(),
              o.removeHealthcheck(),
              o.dependsOn(),
              o.addExtraHosts()));
    }
    d.update(
        (shapes + "\u0000" + cfg.projectKey() + "\u0000" + cfg.remoteDaemon())
            .getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(d.digest());
  }

  private static ComposeModel read(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | RuntimeException e) {
      return null; // garbled: render again
    }
    if (p.getProperty("yaml") == null) {
      return null;
    }
    List<String> services = list(p, "service");
    Map<String, String> images = new LinkedHashMap<>();
    List<String> built = new ArrayList<>();
    for (int i = 0; p.getProperty("model." + i) != null; i++) {
      String s = p.getProperty("model." + i);
      if (p.getProperty("image." + i) != null) {
        images.put(s, p.getProperty("image." + i));
      }
      if ("true".equals(p.getProperty("build." + i))) {
        built.add(s);
      }
    }
    List<String> builtUnnamed = list(p, "builtUnnamed");
    Map<String, String> named = new LinkedHashMap<>(images);
    builtUnnamed.forEach(named::remove); // their stable names are not image: entries
    return new ComposeModel(
        new ComposeRenderer.Rendered(
            p.getProperty("yaml"), services, list(p, "change"), builtUnnamed, named, built),
        images,
        built);
  }

  private static List<String> list(Properties p, String prefix) {
    List<String> out = new ArrayList<>();
    for (int i = 0; p.getProperty(prefix + "." + i) != null; i++) {
      out.add(p.getProperty(prefix + "." + i));
    }
    return out;
  }

  private static void putList(Properties p, String prefix, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      p.setProperty(prefix + "." + i, values.get(i));
    }
  }

  private String write() {
    Properties p = new Properties();
    p.setProperty("yaml", rendered.yaml());
    putList(p, "service", rendered.services());
    putList(p, "change", rendered.changes());
    putList(p, "builtUnnamed", rendered.builtUnnamed());
    Set<String> services = new LinkedHashSet<>(images.keySet());
    services.addAll(built);
    int i = 0;
    for (String s : services) {
      p.setProperty("model." + i, s);
      if (images.containsKey(s)) {
        p.setProperty("image." + i, images.get(s));
      }
      if (built.contains(s)) {
        p.setProperty("build." + i, "true");
      }
      i++;
    }
    StringWriter w = new StringWriter();
    try {
      p.store(w, "integration: the last rendering of the compose file (keyed by its inputs)");
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }
}
