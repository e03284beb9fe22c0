package dev.buildgate.integration.compose;

import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.gate.Echo;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns the original compose file(s) plus {@link ServiceOverride}s into the CI variant. Pure: the
 * originals are only read; the same inputs always give byte-identical output.
 */
public final class ComposeRenderer {
  private static final Set<String> CONDITIONS =
      Set.of("service_started", "service_healthy", "service_completed_successfully");
  private static final Set<String> APPENDED_LISTS =
      Set.of("volumes", "ports", "extra_hosts", "expose", "dns", "cap_add", "cap_drop", "secrets");

  /**
   * The rendered file's text, the services left, one line per edit made, the services that are
   * built without an {@code image:} name (compose would name their images after the per-build
   * project, so every build would leave a new image behind), the {@code image:} of every service
   * that has one (uninterpolated) and the services with a {@code build:} section.
   */
  public record Rendered(
      String yaml,
      List<String> services,
      List<String> changes,
      List<String> builtUnnamed,
      Map<String, String> images,
      List<String> built) {
    public Rendered {
      images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
      built = List.copyOf(built);
    }

    public Rendered(
        String yaml, List<String> services, List<String> changes, List<String> builtUnnamed) {
      this(yaml, services, changes, builtUnnamed, Map.of(), List.of());
    }

    public Rendered(String yaml, List<String> services, List<String> changes) {
      this(yaml, services, changes, List.of());
    }
  }

  private ComposeRenderer() {}

  public static Rendered render(List<Path> files, List<ServiceOverride> overrides)
      throws IntegrationConfigException, IOException {
    return render(files, overrides, false);
  }

  /**
   * Renders the CI file.
   *
   * @param files the compose files, later ones override earlier ones
   * @param overrides the POM's edits
   * @param remoteDaemon the daemon is on another host: ports published on loopback are published on
   *     all of its interfaces instead (its loopback cannot be reached from this build)
   */
  public static Rendered render(
      List<Path> files, List<ServiceOverride> overrides, boolean remoteDaemon)
      throws IntegrationConfigException, IOException {
    if (files.isEmpty()) {
      throw new IntegrationConfigException(
          "no compose file configured: set <composeFiles> (default docker-compose.yaml).");
    }
    Map<String, Object> model = null;
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IntegrationConfigException(
            "compose file " + f + " does not exist: fix <composeFiles> or create it.");
      }
      Object doc = ComposeYaml.load(f);
      if (!(doc instanceof Map)) {
        throw new IntegrationConfigException(
            "compose file " + f + " must be a YAML mapping with a 'services:' section.");
      }
      Map<String, Object> m = copyMap(doc);
      model = model == null ? m : merge(model, m);
    }
    String origin = files.get(files.size() - 1).getFileName().toString();
    Object services = model.get("services");
    if (!(services instanceof Map)) {
      throw new IntegrationConfigException(
          "compose file(s) " + files + " have no 'services:' mapping: add the services.");
    }
    List<String> changes = new ArrayList<>();
    List<Map<String, String>> variables = variables(overrides);
    for (int i = 0; i < overrides.size(); i++) {
      apply(cast(services), overrides.get(i), variables.get(i), origin, changes);
    }
    if (remoteDaemon) {
      for (Map.Entry<String, Object> e : cast(services).entrySet()) {
        if (e.getValue() instanceof Map<?, ?> svc) {
          unbindLoopback(cast(svc), e.getKey(), changes);
        }
      }
    }
    model.remove("version"); // obsolete key; compose warns about it
    String yaml;
    try {
      yaml = ComposeYaml.dump(model);
    } catch (YAMLException e) {
      // a value YAML cannot write, e.g. a lone UTF-16 surrogate from a "\\ud800" escape
      throw new IntegrationConfigException(
          "compose file(s) "
              + files
              + " cannot be written back as YAML ("
              + InputLimits.oneLine(e.getMessage())
              + "): fix the file's escapes (\\u, \\x) to valid characters.");
    }
    List<String> builtUnnamed = new ArrayList<>();
    Map<String, String> images = new LinkedHashMap<>();
    List<String> built = new ArrayList<>();
    for (Map.Entry<String, Object> e : cast(services).entrySet()) {
      if (e.getValue() instanceof Map<?, ?> svc) {
        if (svc.get("build") != null) {
          built.add(e.getKey());
          if (svc.get("image") == null) {
            builtUnnamed.add(e.getKey());
          }
        }
        if (svc.get("image") != null) {
          images.put(e.getKey(), String.valueOf(svc.get("image")));
        }
      }
    }
    return new Rendered(
        yaml,
        List.copyOf(cast(services).keySet()),
        List.copyOf(changes),
        List.copyOf(builtUnnamed),
        images,
        built);
  }

  /** Loopback addresses a port can be published on, as compose writes them. */
  private static final List<String> LOOPBACK_PREFIXES =
      List.of("127.0.0.1:", "localhost:", "[::1]:", "::1:");

  /**
   * Publishes a service's loopback ports on all interfaces (short syntax {@code
   * 127.0.0.1:8443:8443} and long syntax {@code host_ip: 127.0.0.1}).
   */
  private static void unbindLoopback(Map<String, Object> svc, String name, List<String> changes) {
    if (!(svc.get("ports") instanceof List<?> ports)) {
      return;
    }
    List<Object> out = new ArrayList<>();
    for (Object p : ports) {
      Object q = p;
      if (p instanceof String str) {
        for (String prefix : LOOPBACK_PREFIXES) {
          if (str.startsWith(prefix)) {
            String rest = str.substring(prefix.length());
            q = rest.startsWith(":") ? rest.substring(1) : rest; // 127.0.0.1::80 -> 80
            break;
          }
        }
      } else if (p instanceof Map<?, ?> m
          && m.get("host_ip") instanceof String ip
          && DockerHost.isLoopback(ip)) {
        Map<String, Object> copy = new LinkedHashMap<>(cast(m));
        copy.remove("host_ip");
        q = copy;
      }
      if (q != p) {
        changes.add(
            name
                + ": port "
                + p
                + " published on all interfaces of the remote Docker daemon (its loopback is not"
                + " reachable from this build)");
      }
      out.add(q);
    }
    svc.put("ports", out);
  }

  /** Writes atomically (temp file + move) so a reader never sees half a file. */
  public static void write(String yaml, Path out) throws IOException {
    AtomicFiles.writeString(out, yaml);
  }

  /** Prefix of the variables that carry the overrides' environment values to compose. */
  public static final String VARIABLE_PREFIX = "BUILDGATE_ENV_";

  /**
   * The variable of each override's environment entry, per override in order: {@code
   * BUILDGATE_ENV_<n>_<KEY>}, n counting every entry of every override from 1 (so two keys that
   * sanitise alike never share one), the key upper-cased with anything but letters, digits and
   * {@code _} as {@code _}.
   *
   * @param overrides the overrides
   * @return one map (key to variable name) per override
   */
  static List<Map<String, String>> variables(List<ServiceOverride> overrides) {
    List<Map<String, String>> out = new ArrayList<>();
    int n = 0;
    for (ServiceOverride o : overrides) {
      Map<String, String> vars = new LinkedHashMap<>();
      for (String key : o.addEnvironment().keySet()) {
        vars.put(
            key,
            VARIABLE_PREFIX
                + ++n
                + "_"
                + key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"));
      }
      out.add(vars);
    }
    return out;
  }

  /**
   * The environment compose needs for the rendered file: each override's environment value under
   * its {@link #variables variable}. The rendered file has only {@code ${BUILDGATE_ENV_<n>_<KEY>}}
   * references, so the values (often secrets from {@code ${env.X}}) are never written to disk;
   * compose substitutes them from its process environment.
   *
   * @param overrides the overrides
   * @return variable name to value, in order
   */
  public static Map<String, String> environment(List<ServiceOverride> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    List<Map<String, String>> variables = variables(overrides);
    for (int i = 0; i < overrides.size(); i++) {
      for (Map.Entry<String, String> e : overrides.get(i).addEnvironment().entrySet()) {
        out.put(variables.get(i).get(e.getKey()), e.getValue() == null ? "" : e.getValue());
      }
    }
    return out;
  }

  /**
   * The environment keys the overrides set, per service (their values are masked in inspect dumps).
   *
   * @param overrides the overrides
   * @return the keys
   */
  public static Set<String> environmentKeys(List<ServiceOverride> overrides) {
    Set<String> keys = new LinkedHashSet<>();
    overrides.forEach(o -> keys.addAll(o.addEnvironment().keySet()));
    return keys;
  }

  private static void apply(
      Map<String, Object> services,
      ServiceOverride o,
      Map<String, String> variables,
      String origin,
      List<String> changes)
      throws IntegrationConfigException {
    String name = o.service();
    String where = "integration override for service '" + name + "'";
    Object svcObj = services.get(name);
    if (svcObj == null) {
      throw new IntegrationConfigException(
          where
              + ": no such service in "
              + origin
              + " (services: "
              + Echo.list(services.keySet())
              + "); fix <service> in the POM.");
    }
    if (o.drop()) {
      drop(services, name, changes);
      return;
    }
    if (!(svcObj instanceof Map)) {
      services.put(name, new LinkedHashMap<String, Object>());
      svcObj = services.get(name);
    }
    Map<String, Object> svc = cast(svcObj);
    setImage(svc, o, name, changes);
    addEnvironment(svc, variables, name, changes);
    removeEnvironment(svc, o.removeEnvironment(), where, name, changes);
    removeVolumes(svc, o, where, changes);
    addVolumes(svc, o, where, changes);
    if (o.removeHealthcheck()) {
      if (svc.remove("healthcheck") == null) {
        throw new IntegrationConfigException(
            where + ": it has no healthcheck to remove; drop <removeHealthcheck>.");
      }
      changes.add(name + ": removed healthcheck");
    }
    changeDependsOn(svc, o.dependsOn(), where, name, changes);
    addExtraHosts(svc, o, where, changes);
  }

  /** Removes a service and the references of the others to it. */
  private static void drop(Map<String, Object> services, String name, List<String> changes) {
    services.remove(name);
    changes.add("dropped service " + name);
    for (Map.Entry<String, Object> e : services.entrySet()) {
      if (e.getValue() instanceof Map<?, ?> other) {
        removeReference(cast(other), name, e.getKey(), changes);
      }
    }
  }

  private static void setImage(
      Map<String, Object> svc, ServiceOverride o, String name, List<String> changes) {
    if (o.image() != null && !o.image().isBlank()) {
      svc.put("image", o.image());
      if (svc.remove("build") != null) {
        changes.add(name + ": image " + o.image() + " replaces build");
      } else {
        changes.add(name + ": image " + o.image());
      }
    }
  }

  private static void addVolumes(
      Map<String, Object> svc, ServiceOverride o, String where, List<String> changes)
      throws IntegrationConfigException {
    if (o.addVolumes().isEmpty()) {
      return;
    }
    List<Object> vols = listOf(svc, "volumes", where);
    for (String v : o.addVolumes()) {
      if (v.contains("${")) {
        throw new IntegrationConfigException(
            where
                + ": volume '"
                + v
                + "' has an unresolved property; define it (e.g. ${env.HOME}) or fix"
                + " <addVolumes>.");
      }
      vols.add(v);
      changes.add(o.service() + ": added volume " + v);
    }
  }

  private static void addExtraHosts(
      Map<String, Object> svc, ServiceOverride o, String where, List<String> changes)
      throws IntegrationConfigException {
    if (o.addExtraHosts().isEmpty()) {
      return;
    }
    String name = o.service();
    if (svc.get("extra_hosts") instanceof Map<?, ?> m) {
      Map<String, Object> hosts = cast(m);
      for (String h : o.addExtraHosts()) {
        int i = h.indexOf(':');
        if (i <= 0) {
          throw new IntegrationConfigException(
              where + ": extra host '" + h + "' must be host:address.");
        }
        hosts.put(h.substring(0, i), h.substring(i + 1));
        changes.add(name + ": extra host " + h);
      }
    } else {
      List<Object> hosts = listOf(svc, "extra_hosts", where);
      for (String h : o.addExtraHosts()) {
        if (!hosts.contains(h)) {
          hosts.add(h);
        }
        changes.add(name + ": extra host " + h);
      }
    }
  }

  /** Sets each key to a reference to its variable (never the value). */
  private static void addEnvironment(
      Map<String, Object> svc, Map<String, String> variables, String name, List<String> changes) {
    if (variables.isEmpty()) {
      return;
    }
    Map<String, String> add = new LinkedHashMap<>();
    variables.forEach((k, v) -> add.put(k, "${" + v + "}"));
    Object env = svc.get("environment");
    if (env instanceof List<?> l) {
      List<Object> list = castList(l);
      for (Map.Entry<String, String> e : add.entrySet()) {
        String entry = e.getKey() + "=" + (e.getValue() == null ? "" : e.getValue());
        int at = indexOfEnv(list, e.getKey());
        if (at >= 0) {
          list.set(at, entry);
        } else {
          list.add(entry);
        }
        changes.add(name + ": env " + e.getKey() + " (list)");
      }
    } else {
      Map<String, Object> map;
      if (env instanceof Map<?, ?> m) {
        map = cast(m);
      } else {
        map = new LinkedHashMap<>();
        svc.put("environment", map);
      }
      for (Map.Entry<String, String> e : add.entrySet()) {
        map.put(e.getKey(), e.getValue() == null ? "" : e.getValue());
        changes.add(name + ": env " + e.getKey() + " (map)");
      }
    }
  }

  private static void removeEnvironment(
      Map<String, Object> svc, List<String> keys, String where, String name, List<String> changes)
      throws IntegrationConfigException {
    if (keys.isEmpty()) {
      return;
    }
    Object env = svc.get("environment");
    for (String k : keys) {
      boolean removed = false;
      if (env instanceof Map<?, ?> m) {
        removed = m.containsKey(k);
        m.remove(k);
      } else if (env instanceof List<?> l) {
        int at = indexOfEnv(castList(l), k);
        if (at >= 0) {
          l.remove(at);
          removed = true;
        }
      }
      if (!removed) {
        throw new IntegrationConfigException(
            where + ": environment has no key '" + k + "'; fix <removeEnvironment>.");
      }
      changes.add(name + ": removed env " + k);
    }
  }

  private static int indexOfEnv(List<Object> list, String key) {
    for (int i = 0; i < list.size(); i++) {
      String s = String.valueOf(list.get(i));
      if (s.equals(key) || s.startsWith(key + "=")) {
        return i;
      }
    }
    return -1;
  }

  private static void removeVolumes(
      Map<String, Object> svc, ServiceOverride o, String where, List<String> changes)
      throws IntegrationConfigException {
    if (o.removeVolumes().isEmpty() && o.removeVolumesContaining().isEmpty()) {
      return;
    }
    Object v = svc.get("volumes");
    List<Object> vols = v instanceof List<?> l ? castList(l) : new ArrayList<>();
    for (String exact : o.removeVolumes()) {
      boolean hit = false;
      for (Iterator<Object> it = vols.iterator(); it.hasNext(); ) {
        if (volumeText(it.next()).equals(exact)) {
          it.remove();
          hit = true;
        }
      }
      if (!hit) {
        throw new IntegrationConfigException(
            where
                + ": no volume '"
                + exact
                + "' (volumes: "
                + Echo.list(vols.stream().map(ComposeRenderer::volumeText).toList())
                + "); fix <removeVolumes>.");
      }
      changes.add(o.service() + ": removed volume " + exact);
    }
    for (String part : o.removeVolumesContaining()) {
      int before = vols.size();
      vols.removeIf(x -> volumeText(x).contains(part));
      if (vols.size() == before) {
        throw new IntegrationConfigException(
            where + ": no volume contains '" + part + "'; fix <removeVolumesContaining>.");
      }
      changes.add(
          o.service() + ": removed " + (before - vols.size()) + " volume(s) containing " + part);
    }
    if (vols.isEmpty()) {
      svc.remove("volumes");
    }
  }

  /** Short form as is; long form as source:target (the text a user would write). */
  private static String volumeText(Object v) {
    if (v instanceof Map<?, ?> m) {
      Object src = m.get("source");
      Object tgt = m.get("target");
      return (src == null ? "" : src + ":") + (tgt == null ? "" : tgt);
    }
    return String.valueOf(v);
  }

  private static void changeDependsOn(
      Map<String, Object> svc,
      Map<String, String> deps,
      String where,
      String name,
      List<String> changes)
      throws IntegrationConfigException {
    if (deps.isEmpty()) {
      return;
    }
    Object d = svc.get("depends_on");
    for (Map.Entry<String, String> e : deps.entrySet()) {
      String dep = e.getKey();
      String cond = e.getValue();
      if (!CONDITIONS.contains(cond)) {
        throw new IntegrationConfigException(
            where
                + ": depends_on condition '"
                + cond
                + "' for '"
                + dep
                + "' must be one of "
                + new java.util.TreeSet<>(CONDITIONS)
                + ".");
      }
      if (d instanceof List<?> l && l.contains(dep)) {
        if (!cond.equals("service_started")) { // the short form means service_started
          Map<String, Object> longForm = new LinkedHashMap<>();
          for (Object x : l) {
            longForm.put(String.valueOf(x), condition("service_started"));
          }
          svc.put("depends_on", longForm);
          d = longForm;
          cast(d).put(dep, condition(cond));
        }
      } else if (d instanceof Map<?, ?> m && m.containsKey(dep)) {
        Object entry = m.get(dep);
        if (entry instanceof Map<?, ?> em) {
          cast(em).put("condition", cond);
        } else {
          cast(m).put(dep, condition(cond));
        }
      } else {
        throw new IntegrationConfigException(
            where + ": it does not depend on '" + dep + "'; fix <dependsOn>.");
      }
      changes.add(name + ": depends_on " + dep + " -> " + cond);
    }
  }

  private static Map<String, Object> condition(String cond) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("condition", cond);
    return m;
  }

  private static void removeReference(
      Map<String, Object> svc, String dropped, String svcName, List<String> changes) {
    Object d = svc.get("depends_on");
    boolean removed = false;
    if (d instanceof List<?> l) {
      removed = l.remove(dropped);
      if (l.isEmpty()) {
        svc.remove("depends_on");
      }
    } else if (d instanceof Map<?, ?> m) {
      removed = m.remove(dropped) != null;
      if (m.isEmpty()) {
        svc.remove("depends_on");
      }
    }
    if (svc.get("links") instanceof List<?> links) {
      removed |=
          links.removeIf(
              x ->
                  String.valueOf(x).equals(dropped) || String.valueOf(x).startsWith(dropped + ":"));
      if (links.isEmpty()) {
        svc.remove("links");
      }
    }
    if (removed) {
      changes.add(svcName + ": removed reference to dropped service " + dropped);
    }
  }

  private static List<Object> listOf(Map<String, Object> svc, String key, String where)
      throws IntegrationConfigException {
    Object v = svc.get(key);
    if (v == null) {
      List<Object> l = new ArrayList<>();
      svc.put(key, l);
      return l;
    }
    if (v instanceof List<?> l) {
      return castList(l);
    }
    throw new IntegrationConfigException(
        where + ": '" + key + "' is not a list in the compose file; it cannot be appended to.");
  }

  /** Compose-like merge of a later file into an earlier one. */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    for (Map.Entry<String, Object> e : over.entrySet()) {
      String k = e.getKey();
      Object b = base.get(k);
      Object v = e.getValue();
      if (b instanceof Map<?, ?> bm && v instanceof Map<?, ?> vm) {
        base.put(k, merge(cast(bm), cast(vm)));
      } else if (k.equals("environment") && b instanceof List<?> bl && v instanceof List<?> vl) {
        List<Object> out = castList(bl);
        for (Object x : vl) {
          String s = String.valueOf(x);
          int eq = s.indexOf('=');
          int at = indexOfEnv(out, eq < 0 ? s : s.substring(0, eq));
          if (at >= 0) {
            out.set(at, x);
          } else {
            out.add(x);
          }
        }
      } else if (APPENDED_LISTS.contains(k) && b instanceof List<?> bl && v instanceof List<?> vl) {
        Set<Object> all = new LinkedHashSet<>(bl);
        all.addAll(vl);
        base.put(k, new ArrayList<>(all));
      } else {
        base.put(k, v);
      }
    }
    return base;
  }

  /** Deep copy: YAML aliases share one object, and an edit of one service must not leak. */
  private static Map<String, Object> copyMap(Object o) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
      out.put(String.valueOf(e.getKey()), copy(e.getValue()));
    }
    return out;
  }

  private static Object copy(Object o) {
    if (o instanceof Map<?, ?>) {
      return copyMap(o);
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object x : l) {
        out.add(copy(x));
      }
      return out;
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object o) {
    return (List<Object>) o;
  }
}
