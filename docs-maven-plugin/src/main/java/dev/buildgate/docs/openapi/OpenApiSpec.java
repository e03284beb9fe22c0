package dev.buildgate.docs.openapi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.buildgate.core.gate.Echo;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.io.JsonMessages;
import dev.buildgate.docs.openapi.OpenApiOptions.ServerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A parsed, validated OpenAPI (3.x) or Swagger (2.0) document. */
public final class OpenApiSpec {

  private static final ObjectMapper JSON =
      InputLimits.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML;

  static {
    YAML =
        new YAMLMapper(
            InputLimits.yamlFactoryBuilder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
  }

  private final String source;
  private final ObjectNode root;

  private OpenApiSpec(String source, ObjectNode root) {
    this.source = source;
    this.root = root;
  }

  /**
   * Parses a spec as JSON (when it starts with '{') or YAML and checks it carries a version.
   *
   * @param text the document
   * @param source the URL or file it came from, named in every error
   * @throws GateFailedException when it is not JSON/YAML or has no {@code openapi}/{@code swagger}
   */
  public static OpenApiSpec parse(String text, String source) throws GateFailedException {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.startsWith("\uFEFF")) {
      trimmed = trimmed.substring(1);
    }
    if (trimmed.isEmpty()) {
      throw new GateFailedException(
          "OpenAPI spec from "
              + source
              + " is empty: point buildgate.docs.openapi.url (or .file) at the spec document.");
    }
    if (trimmed.startsWith("<")) {
      throw new GateFailedException(
          "OpenAPI spec from "
              + source
              + " looks like HTML/XML ("
              + Echo.of(trimmed, 40)
              + "), not a JSON/YAML OpenAPI document: is the URL or file the spec (a login page?)");
    }
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    JsonNode node;
    try {
      node = (json ? JSON : YAML).readTree(trimmed);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new GateFailedException(
          "OpenAPI spec from "
              + source
              + " is not valid "
              + (json ? "JSON" : "YAML (nor JSON)")
              + where
              + ": "
              + JsonMessages.oneLine(e));
    }
    if (node == null || !node.isObject()) {
      throw new GateFailedException(
          "OpenAPI spec from "
              + source
              + " is not a JSON/YAML object (got "
              + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT))
              + "): is the URL or file the spec document?");
    }
    ObjectNode obj = (ObjectNode) node;
    String version = versionOf(obj);
    if (version == null) {
      List<String> keys = new ArrayList<>();
      Iterator<String> it = obj.fieldNames();
      while (it.hasNext() && keys.size() < 8) {
        keys.add(Echo.of(it.next(), 40));
      }
      throw new GateFailedException(
          "OpenAPI spec from "
              + source
              + " has no 'openapi' or 'swagger' version field (top-level keys: "
              + (keys.isEmpty() ? "none" : String.join(", ", keys))
              + "): is the URL or file the spec document?");
    }
    return new OpenApiSpec(source, obj);
  }

  private static String versionOf(ObjectNode obj) {
    for (String key : List.of("openapi", "swagger")) {
      JsonNode v = obj.get(key);
      if (v != null && v.isValueNode() && !v.asText().isBlank()) {
        return key + " " + v.asText();
      }
    }
    return null;
  }

  /** Where the spec came from. */
  public String source() {
    return source;
  }

  /** "openapi 3.1.0" or "swagger 2.0". */
  public String version() {
    return versionOf(root);
  }

  /** True for a Swagger 2.0 document (no {@code servers}). */
  public boolean isSwagger2() {
    return root.get("openapi") == null;
  }

  /** The document's title, or null. */
  public String title() {
    JsonNode t = root.path("info").path("title");
    return t.isValueNode() ? t.asText() : null;
  }

  /** The document tree (mutable copy owned by this object). */
  public JsonNode tree() {
    return root;
  }

  /**
   * Merges configured {@code servers} entries in: they come first, in order; an existing entry with
   * the same URL is replaced; other existing entries are kept after them.
   *
   * @return a warning to log, or null
   */
  public String mergeServers(List<ServerEntry> servers) {
    if (servers == null || servers.isEmpty()) {
      return null;
    }
    if (isSwagger2()) {
      return "OpenAPI spec from "
          + source
          + " is Swagger 2.0, which has no 'servers': the configured servers were not added"
          + " (set host/basePath in the API instead).";
    }
    ArrayNode merged = root.arrayNode();
    Set<String> urls = new HashSet<>();
    for (ServerEntry s : servers) {
      if (!urls.add(s.url())) {
        continue;
      }
      ObjectNode entry = merged.addObject();
      entry.put("url", s.url());
      if (s.description() != null && !s.description().isBlank()) {
        entry.put("description", s.description());
      }
    }
    JsonNode existing = root.get("servers");
    if (existing != null && existing.isArray()) {
      for (JsonNode e : existing) {
        String url = e.path("url").asText(null);
        if (url == null || !urls.contains(url)) {
          merged.add(e);
        }
      }
    }
    root.set("servers", merged);
    return null;
  }

  /** Writes the spec as YAML when the file name ends in .yaml/.yml, else as indented JSON. */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    Files.writeString(file, mapper.writeValueAsString(root) + "\n");
  }
}
