package dev.buildgate.docker.build;

import dev.buildgate.docker.DockerConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The images of a build as a DAG: named contexts that point at another image of the build, and
 * {@code dependsOn}, are edges. Validation errors name the image, the field and the fix.
 */
public final class ImageGraph {

  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");

  private final Map<String, ImageSpec> images;
  private final Map<String, Map<String, ContextRef>> contexts;
  private final Map<String, List<String>> deps;
  private final List<String> order;

  private ImageGraph(
      Map<String, ImageSpec> images,
      Map<String, Map<String, ContextRef>> contexts,
      Map<String, List<String>> deps,
      List<String> order) {
    this.images = images;
    this.contexts = contexts;
    this.deps = deps;
    this.order = order;
  }

  /**
   * Validates the images and orders them.
   *
   * @param specs the configured images
   * @param baseDir directory relative context directories resolve against
   * @return the graph
   * @throws DockerConfigException on a missing Dockerfile or context, a duplicate or invalid name,
   *     an unknown reference or a cycle
   */
  public static ImageGraph of(List<ImageSpec> specs, Path baseDir) throws DockerConfigException {
    if (specs.isEmpty()) {
      throw new DockerConfigException(
          "docker-maven-plugin: no <images> configured. Fix: add <images><image><name>app</name>"
              + "</image></images> to the plugin <configuration>, or skip with -Dbuildgate.docker.skip.");
    }
    Map<String, ImageSpec> byName = byName(specs);
    String all = String.join(", ", byName.keySet());
    Map<String, Map<String, ContextRef>> ctx = new LinkedHashMap<>();
    Map<String, List<String>> deps = new LinkedHashMap<>();
    for (ImageSpec s : byName.values()) {
      checkFiles(s);
      Map<String, ContextRef> refs = new LinkedHashMap<>();
      Set<String> d = new LinkedHashSet<>();
      for (Map.Entry<String, String> e : s.contexts().entrySet()) {
        ContextRef ref = contextRef(s, e.getKey(), e.getValue(), byName, all, baseDir);
        if (ref.kind() == ContextRef.Kind.IMAGE) {
          d.add(ref.image());
        }
        refs.put(e.getKey(), ref);
      }
      for (String dep : s.dependsOn()) {
        if (!byName.containsKey(dep)) {
          throw new DockerConfigException(
              "docker image '"
                  + s.name()
                  + "': <dependsOn> '"
                  + dep
                  + "' names no image of this build (images: "
                  + all
                  + ").");
        }
        d.add(dep);
      }
      ctx.put(s.name(), Collections.unmodifiableMap(refs));
      deps.put(s.name(), List.copyOf(d));
    }
    List<String> order = topoOrder(deps);
    return new ImageGraph(
        Collections.unmodifiableMap(byName), Collections.unmodifiableMap(ctx), deps, order);
  }

  /** The images by name, in order, each with a valid unique name and one-line build args. */
  private static Map<String, ImageSpec> byName(List<ImageSpec> specs) throws DockerConfigException {
    Map<String, ImageSpec> byName = new LinkedHashMap<>();
    for (ImageSpec s : specs) {
      if (s.name() == null || s.name().isBlank()) {
        throw new DockerConfigException(
            "docker-maven-plugin: an <image> has no <name>. Fix: give every image a unique lower-case"
                + " <name>.");
      }
      if (!NAME.matcher(s.name()).matches()) {
        throw new DockerConfigException(
            "docker image '"
                + s.name()
                + "': <name> must be a lower-case repository name ([a-z0-9._-], '/' between parts).");
      }
      for (Map.Entry<String, String> a : s.buildArgs().entrySet()) {
        String v = a.getValue() == null ? "" : a.getValue();
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || a.getKey().indexOf('\n') >= 0) {
          throw new DockerConfigException(
              "docker image '"
                  + s.name()
                  + "': build arg "
                  + a.getKey().strip()
                  + " contains a line break; a build arg is one line (--build-arg NAME=value):"
                  + " pass multi-line data as a <secret> or a file in the context.");
        }
      }
      if (byName.put(s.name(), s) != null) {
        throw new DockerConfigException(
            "docker image '"
                + s.name()
                + "' is configured twice. Fix: image <name>s must be unique.");
      }
    }
    return byName;
  }

  /** The image's context is a directory and its Dockerfile a file. */
  private static void checkFiles(ImageSpec s) throws DockerConfigException {
    if (!Files.isDirectory(s.context())) {
      throw new DockerConfigException(
          "docker image '"
              + s.name()
              + "': build <context> "
              + s.context()
              + " is not a directory. Fix <context> (relative to the project directory).");
    }
    if (!Files.isRegularFile(s.dockerfile())) {
      throw new DockerConfigException(
          "docker image '"
              + s.name()
              + "': Dockerfile "
              + s.dockerfile()
              + " does not exist. Fix <dockerfile> (relative to the project directory; default"
              + " <context>/Dockerfile).");
    }
  }

  /**
   * A named context: {@code image:<name>} or the name of an image of this build, a BuildKit source,
   * else an existing directory.
   */
  private static ContextRef contextRef(
      ImageSpec s,
      String key,
      String value,
      Map<String, ImageSpec> byName,
      String all,
      Path baseDir)
      throws DockerConfigException {
    String v = value == null ? "" : value.trim();
    if (v.startsWith("image:")) {
      String target = v.substring("image:".length());
      if (!byName.containsKey(target)) {
        throw contextError(s, key, v, "names no image of this build (images: " + all + ").");
      }
      return ContextRef.image(target);
    } else if (byName.containsKey(v)) {
      return ContextRef.image(v);
    } else if (ContextRef.isSource(v)) {
      return ContextRef.source(v);
    }
    Path dir = v.isEmpty() ? null : baseDir.resolve(v).normalize();
    if (dir == null || !Files.isDirectory(dir)) {
      throw contextError(
          s,
          key,
          v,
          "is not an image of this build ("
              + all
              + "), an existing directory"
              + (dir == null ? "" : " (" + dir + ")")
              + " or a BuildKit source (docker-image://, oci-layout://, git or https URL).");
    }
    return ContextRef.directory(dir);
  }

  /** One line naming the image, the context and its value, what is wrong, and the field to fix. */
  private static DockerConfigException contextError(
      ImageSpec s, String key, String value, String problem) {
    return new DockerConfigException(
        "docker image '"
            + s.name()
            + "': context '"
            + key
            + "' = '"
            + value
            + "' "
            + problem
            + " Fix <contexts><"
            + key
            + ">.");
  }

  private static List<String> topoOrder(Map<String, List<String>> deps)
      throws DockerConfigException {
    Map<String, Integer> indegree = new LinkedHashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    deps.forEach(
        (n, ds) -> {
          indegree.put(n, ds.size());
          for (String d : ds) {
            dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
          }
        });
    Deque<String> ready = new ArrayDeque<>();
    indegree.forEach(
        (n, i) -> {
          if (i == 0) {
            ready.add(n);
          }
        });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(n);
      for (String m : dependents.getOrDefault(n, List.of())) {
        if (indegree.merge(m, -1, Integer::sum) == 0) {
          ready.add(m);
        }
      }
    }
    if (order.size() < deps.size()) {
      throw new DockerConfigException(
          "docker images form a cycle: "
              + cycle(deps, order)
              + ". Fix: remove one of these <contexts>/<dependsOn> references.");
    }
    return List.copyOf(order);
  }

  private static String cycle(Map<String, List<String>> deps, List<String> done) {
    Set<String> remaining = new LinkedHashSet<>(deps.keySet());
    remaining.removeAll(done);
    String start = remaining.iterator().next();
    List<String> path = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String cur = start;
    while (!seen.containsKey(cur)) {
      seen.put(cur, path.size());
      path.add(cur);
      String next = null;
      for (String d : deps.get(cur)) {
        if (remaining.contains(d)) {
          next = d;
          break;
        }
      }
      cur = next;
    }
    List<String> loop = new ArrayList<>(path.subList(seen.get(cur), path.size()));
    loop.add(cur);
    // edges point from dependent to dependency: print "a -> b" meaning a needs b
    return String.join(" -> ", loop);
  }

  /**
   * Images in build order (dependencies first).
   *
   * @return names
   */
  public List<String> order() {
    return order;
  }

  /**
   * The image spec.
   *
   * @param name the name
   * @return the spec
   */
  public ImageSpec image(String name) {
    return images.get(name);
  }

  /**
   * The resolved named contexts of an image.
   *
   * @param name the image
   * @return context name to reference, in configured order
   */
  public Map<String, ContextRef> contexts(String name) {
    return contexts.get(name);
  }

  /**
   * The images of this build an image waits for.
   *
   * @param name the image
   * @return names
   */
  public List<String> dependencies(String name) {
    return deps.get(name);
  }
}
