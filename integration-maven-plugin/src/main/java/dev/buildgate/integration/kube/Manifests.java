package dev.buildgate.integration.kube;

import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Manifest files (multi-document YAML) read into objects, checked before anything is applied. */
public final class Manifests {

  /** One object of a manifest file. */
  public record Manifest(Path file, int document, Map<String, Object> object) {
    public String apiVersion() {
      return String.valueOf(object.get("apiVersion"));
    }

    public String kind() {
      return String.valueOf(object.get("kind"));
    }

    @SuppressWarnings("unchecked")
    public String name() {
      return String.valueOf(((Map<String, Object>) object.get("metadata")).get("name"));
    }

    @Override
    public String toString() {
      return kind() + "/" + name() + " (" + file.getFileName() + " document " + document + ")";
    }
  }

  private Manifests() {}

  /**
   * Reads every object of the files (documents that are empty are skipped; a {@code List} kind is
   * expanded into its items).
   *
   * @throws IntegrationConfigException one line naming the file, the document and the fix
   */
  @SuppressWarnings("unchecked")
  public static List<Manifest> read(List<Path> files) throws IntegrationConfigException {
    List<Manifest> out = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        if (Files.size(f) > InputLimits.MAX_YAML_CODE_POINTS) {
          throw new IntegrationConfigException("<kubernetes><manifests> " + f + " is too large");
        }
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IntegrationConfigException(
            "<kubernetes><manifests> "
                + f
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + "): name an existing manifest file");
      }
      int doc = 0;
      try {
        for (Object o :
            new Yaml(new SafeConstructor(InputLimits.yamlLoaderOptions())).loadAll(text)) {
          doc++;
          if (o == null) {
            continue;
          }
          try {
            InputLimits.checkExpansion(o);
          } catch (IllegalArgumentException e) {
            throw bad(f, doc, "is too large: " + e.getMessage());
          }
          if (!(o instanceof Map<?, ?> m)) {
            throw bad(
                f, doc, "is not a YAML mapping (an object with apiVersion, kind, metadata.name)");
          }
          if ("List".equals(m.get("kind")) && m.get("items") instanceof List<?> items) {
            for (Object it : items) {
              out.add(check(f, doc, it));
            }
          } else {
            out.add(check(f, doc, m));
          }
        }
      } catch (YAMLException | IllegalArgumentException e) {
        throw bad(f, doc + 1, "is not valid YAML: " + InputLimits.oneLine(e.getMessage()));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Manifest check(Path f, int doc, Object o) throws IntegrationConfigException {
    if (!(o instanceof Map<?, ?> m)) {
      throw bad(f, doc, "has a list item that is not an object");
    }
    for (String k : List.of("apiVersion", "kind")) {
      if (!(m.get(k) instanceof String s) || s.isBlank()) {
        throw bad(f, doc, "has no " + k);
      }
    }
    if (!(m.get("metadata") instanceof Map<?, ?> md) || !(md.get("name") instanceof String)) {
      throw bad(f, doc, "(" + m.get("kind") + ") has no metadata.name");
    }
    return new Manifest(f, doc, (Map<String, Object>) m);
  }

  private static IntegrationConfigException bad(Path f, int doc, String what) {
    return new IntegrationConfigException(
        "<kubernetes><manifests> " + f + " document " + doc + " " + what);
  }

  /** The container images the manifests name ({@code image:} anywhere in an object), in order. */
  public static List<String> images(List<Manifest> manifests) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Manifest m : manifests) {
      images(m.object(), out);
    }
    return List.copyOf(out);
  }

  private static void images(Object o, java.util.Set<String> out) {
    if (o instanceof Map<?, ?> m) {
      for (var e : m.entrySet()) {
        if ("image".equals(e.getKey()) && e.getValue() instanceof String s && !s.isBlank()) {
          out.add(s);
        } else {
          images(e.getValue(), out);
        }
      }
    } else if (o instanceof List<?> l) {
      l.forEach(x -> images(x, out));
    }
  }
}
