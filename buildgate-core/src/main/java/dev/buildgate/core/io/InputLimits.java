package dev.buildgate.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import dev.buildgate.core.gate.Echo;
import java.util.IdentityHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one place for the bounds on YAML and JSON that come from the user's repository, a tool or the
 * network (compose files, OpenAPI, SARIF, Trivy and tool output, {@code .trivyignore.yaml}, the
 * baseline, {@code images.json}, Docker API answers): a hostile or broken document fails fast with
 * one line instead of exhausting the heap or the stack.
 *
 * <ul>
 *   <li>YAML: at most {@value #MAX_YAML_ALIASES} aliases, {@value #MAX_NESTING_DEPTH} levels of
 *       nesting and {@value #MAX_YAML_CODE_POINTS} characters; and, because a few aliases of
 *       aliases already name billions of values (the "billion laughs"), a loaded document may
 *       expand to at most {@value #MAX_YAML_EXPANDED_NODES} values ({@link #checkExpansion}).
 *   <li>JSON: at most {@value #MAX_NESTING_DEPTH} levels of nesting, {@value #MAX_JSON_BYTES} bytes
 *       per document and {@value #MAX_JSON_STRING_CHARS} characters per string.
 * </ul>
 */
public final class InputLimits {

  /** Nesting depth of YAML and JSON (real documents stay far below 30). */
  public static final int MAX_NESTING_DEPTH = 200;

  /** Characters kept of a parser's message in an error ({@link #oneLine}). */
  public static final int MAX_MESSAGE_CHARS = 300;

  /** Aliases per YAML document (compose files use a few, for {@code <<: *defaults}). */
  public static final int MAX_YAML_ALIASES = 200;

  /** Characters per YAML document: 32 MiB. */
  public static final int MAX_YAML_CODE_POINTS = 32 * 1024 * 1024;

  /** Values (scalars, lists, maps) a YAML document may expand to through its aliases. */
  public static final long MAX_YAML_EXPANDED_NODES = 1_000_000;

  /** Bytes per JSON document: 512 MiB (the parsers stream; large tool reports stay possible). */
  public static final long MAX_JSON_BYTES = 512L * 1024 * 1024;

  /** Characters per JSON string: 64 MiB. */
  public static final int MAX_JSON_STRING_CHARS = 64 * 1024 * 1024;

  private static final StreamReadConstraints JSON_CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxDocumentLength(MAX_JSON_BYTES)
          .maxStringLength(MAX_JSON_STRING_CHARS)
          .build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(JSON_CONSTRAINTS).build();

  private InputLimits() {}

  /**
   * A shared, thread-safe JSON factory with the bounds.
   *
   * @return the factory
   */
  public static JsonFactory jsonFactory() {
    return JSON;
  }

  /**
   * A new JSON object mapper with the bounds (for tree reading).
   *
   * @return the mapper
   */
  public static ObjectMapper jsonMapper() {
    return new ObjectMapper(JSON);
  }

  /**
   * SnakeYAML loader options with the bounds; duplicate keys are rejected.
   *
   * @return new options (the caller may change more)
   */
  public static LoaderOptions yamlLoaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(MAX_YAML_ALIASES);
    o.setNestingDepthLimit(MAX_NESTING_DEPTH);
    o.setCodePointLimit(MAX_YAML_CODE_POINTS);
    o.setAllowDuplicateKeys(false);
    o.setAllowRecursiveKeys(false);
    return o;
  }

  /**
   * A Jackson YAML factory with the bounds (Jackson does not expand aliases, so its trees cannot
   * grow beyond the document).
   *
   * @return a new factory builder, for callers that set generator features
   */
  public static YAMLFactoryBuilder yamlFactoryBuilder() {
    LoaderOptions o = yamlLoaderOptions();
    o.setAllowDuplicateKeys(true); // Jackson reports duplicates itself when asked to
    return YAMLFactory.builder().loaderOptions(o).streamReadConstraints(JSON_CONSTRAINTS);
  }

  /**
   * Checks that a document SnakeYAML loaded (maps, lists and scalars whose shared parts are the
   * targets of aliases) does not expand to more than {@value #MAX_YAML_EXPANDED_NODES} values when
   * walked as a tree, without walking it as a tree: each shared part is counted once.
   *
   * @param document the loaded document
   * @throws IllegalArgumentException naming the limit when it is exceeded or an alias refers to a
   *     node that contains it
   */
  public static void checkExpansion(Object document) {
    long n = count(document, new IdentityHashMap<>());
    if (n > MAX_YAML_EXPANDED_NODES) {
      throw tooBig();
    }
  }

  private static long count(Object node, Map<Object, Long> done) {
    if (!(node instanceof Map<?, ?>) && !(node instanceof Iterable<?>)) {
      return 1;
    }
    Long known = done.get(node);
    if (known != null) {
      if (known < 0) {
        throw new IllegalArgumentException("an alias refers to a node that contains it");
      }
      return known;
    }
    done.put(node, -1L);
    long n = 1;
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        n += count(e.getKey(), done) + count(e.getValue(), done);
        if (n > MAX_YAML_EXPANDED_NODES) {
          throw tooBig();
        }
      }
    } else {
      for (Object o : (Iterable<?>) node) {
        n += count(o, done);
        if (n > MAX_YAML_EXPANDED_NODES) {
          throw tooBig();
        }
      }
    }
    done.put(node, n);
    return n;
  }

  private static IllegalArgumentException tooBig() {
    return new IllegalArgumentException(
        "its anchors and aliases expand to more than "
            + MAX_YAML_EXPANDED_NODES
            + " values (an alias bomb?)");
  }

  /**
   * The first line of a parser's message, without Jackson's source excerpt on the next lines, cut
   * to {@value #MAX_MESSAGE_CHARS} characters (a parser may quote the input, e.g. a YAML tag).
   *
   * @param message the message (null gives "")
   * @return one line
   */
  public static String oneLine(String message) {
    return Echo.of(message, MAX_MESSAGE_CHARS);
  }
}
