package dev.buildgate.docker.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code target/buildgate/docker/images.json} written by {@code docker:build} (format:
 * docker-maven-plugin/IMAGES-JSON.md, schema 1). Unknown fields are ignored.
 */
public final class ImagesJson {

  /** Streamed: jackson-core only (data binding would cost every build 0.1 s of class loading). */
  private static final JsonFactory JSON = InputLimits.jsonFactory();

  private ImagesJson() {}

  /**
   * Reads the images of a build.
   *
   * @throws ScanException one line naming the file and the problem
   */
  public static List<ImageTarget> read(Path file) throws ScanException {
    List<Map<String, Object>> images;
    int schema;
    try (JsonParser p = JSON.createParser(Files.readAllBytes(file))) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new ScanException(file + ": expected a JSON object (written by docker:build)");
      }
      schema = 1;
      images = null;
      boolean imagesSeen = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        t = p.nextToken();
        if ("schemaVersion".equals(field)) {
          schema = t.isNumeric() ? p.getValueAsInt(1) : t == JsonToken.VALUE_STRING ? asInt(p) : 1;
        } else if ("images".equals(field)) {
          imagesSeen = true;
          if (t == JsonToken.START_ARRAY) {
            images = new ArrayList<>();
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
              images.add(t == JsonToken.START_OBJECT ? fields(p) : skip(p));
            }
          } else {
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      if (schema != 1) {
        throw new ScanException(
            file + ": schemaVersion " + schema + " is not supported by this docker:scan (reads 1)");
      }
      if (!imagesSeen || images == null) {
        throw new ScanException(file + ": 'images' must be an array");
      }
    } catch (IOException e) {
      String msg = e.getMessage();
      throw new ScanException(
          "Cannot read "
              + file
              + ": "
              + String.valueOf(msg).lines().findFirst().orElse("")
              + " (it is written by docker:build; run it again)",
          e);
    }
    List<ImageTarget> out = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Map<String, Object> n = images.get(i);
      String name = text(n, "name");
      if (name == null) {
        throw new ScanException(file + ": images[" + i + "] has no 'name'");
      }
      List<String> refs = new ArrayList<>();
      if (n.get("refs") instanceof List<?> l) {
        for (Object r : l) {
          refs.add(String.valueOf(r));
        }
      }
      String primary = text(n, "primaryRef");
      if (primary == null && !refs.isEmpty()) {
        primary = refs.get(0);
      }
      String imageId = text(n, "imageId");
      String status = n.get("status") instanceof String st ? st : "BUILT";
      if (primary == null
          && imageId == null
          && !"FAILED".equals(status)
          && !"SKIPPED".equals(status)) {
        throw new ScanException(
            file
                + ": images["
                + i
                + "] ("
                + name
                + ") has neither 'primaryRef'/'refs' nor 'imageId'");
      }
      boolean loaded = n.get("loaded") instanceof Boolean b ? b : imageId != null;
      out.add(
          new ImageTarget(
              name,
              primary != null ? primary : imageId,
              refs,
              imageId,
              text(n, "digest"),
              number(n, "size"),
              number(n, "durationMillis"),
              status,
              loaded,
              text(n, "error")));
    }
    return out;
  }

  /**
   * One image object: strings, numbers (Long) and booleans as such, lists of scalars as lists of
   * strings; nested objects are skipped.
   */
  private static Map<String, Object> fields(JsonParser p) throws IOException {
    Map<String, Object> m = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (t) {
        case VALUE_STRING -> m.put(field, p.getText());
        case VALUE_NUMBER_INT -> m.put(field, p.getValueAsLong(0));
        case VALUE_NUMBER_FLOAT -> m.put(field, (long) p.getDoubleValue());
        case VALUE_TRUE -> m.put(field, Boolean.TRUE);
        case VALUE_FALSE -> m.put(field, Boolean.FALSE);
        case START_ARRAY -> {
          List<String> l = new ArrayList<>();
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t.isScalarValue()) {
              l.add(t == JsonToken.VALUE_NULL ? "null" : p.getText());
            } else {
              p.skipChildren();
              l.add("");
            }
          }
          m.put(field, l);
        }
        default -> p.skipChildren();
      }
    }
    return m;
  }

  private static Map<String, Object> skip(JsonParser p) throws IOException {
    p.skipChildren();
    return new HashMap<>();
  }

  private static int asInt(JsonParser p) throws IOException {
    try {
      return Integer.parseInt(p.getText().trim());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static String text(Map<String, Object> n, String field) {
    return n.get(field) instanceof String v && !v.isBlank() ? v : null;
  }

  private static long number(Map<String, Object> n, String field) {
    Object v = n.get(field);
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }
}
