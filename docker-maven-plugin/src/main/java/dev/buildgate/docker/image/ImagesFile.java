package dev.buildgate.docker.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.io.JsonMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code target/buildgate/docker/images.json} (format: IMAGES-JSON.md).
 *
 * @param schemaVersion 1
 * @param generatedAt ISO instant
 * @param builder buildx or engine
 * @param registry the registry
 * @param imagePrefix the prefix
 * @param success no image failed or was skipped
 * @param images the entries, in build order
 */
public record ImagesFile(
    int schemaVersion,
    String generatedAt,
    String builder,
    String registry,
    String imagePrefix,
    boolean success,
    List<ImageResult> images) {

  /** The file name. */
  public static final String FILE_NAME = "images.json";

  /**
   * Streamed with jackson-core (the layout is that of Jackson's default pretty printer): every
   * up-to-date build reads and writes this file, and Jackson's data binding would cost it about 0.1
   * s of class loading.
   */
  private static final JsonFactory JSON = InputLimits.jsonFactory();

  /** Defensive copy. */
  public ImagesFile {
    images = images == null ? List.of() : List.copyOf(images);
  }

  /**
   * Reads the file.
   *
   * @param file the path
   * @return the content, or empty when the file does not exist
   * @throws IOException when it cannot be parsed
   */
  public static Optional<ImagesFile> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(file));
    } catch (JsonProcessingException e) {
      // Jackson's message has the source and position on more lines: one line, with the fix
      JsonLocation at = e.getLocation();
      throw new IOException(
          file
              + " is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + ": "
              + JsonMessages.oneLine(e)
              + "; it is written by docker:build: run docker:build again",
          e);
    }
  }

  /**
   * Parses the file: the one reader of {@code images.json} (docker:build's up-to-date check,
   * docker:push and docker:scan read it with this). Unknown fields are ignored; missing ones are
   * null, 0 or false ({@code loaded}: whether there is an {@code imageId}); numbers may be given as
   * strings. Callers word the error for their goal.
   *
   * @param file the path
   * @return the content
   * @throws JsonProcessingException when the file is not JSON (Jackson's message)
   * @throws IOException when it cannot be read or does not have the layout (one line, with the
   *     position)
   */
  public static ImagesFile parse(Path file) throws IOException {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      return readFile(p);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + InputLimits.oneLine(String.valueOf(e.getMessage())), e);
    }
  }

  /**
   * Writes the file atomically.
   *
   * @param file the path
   * @throws IOException on a write error
   */
  public void write(Path file) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            writeFile(g);
          }
        });
  }

  /**
   * The entry of an image.
   *
   * @param name the image name
   * @return the entry
   */
  public Optional<ImageResult> image(String name) {
    return images.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  private void writeFile(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schemaVersion", schemaVersion);
    g.writeStringField("generatedAt", generatedAt);
    g.writeStringField("builder", builder);
    g.writeStringField("registry", registry);
    g.writeStringField("imagePrefix", imagePrefix);
    g.writeBooleanField("success", success);
    g.writeArrayFieldStart("images");
    for (ImageResult r : images) {
      g.writeStartObject();
      g.writeStringField("name", r.name());
      g.writeStringField("primaryRef", r.primaryRef());
      writeStrings(g, "refs", r.refs());
      g.writeStringField("imageId", r.imageId());
      g.writeStringField("digest", r.digest());
      g.writeNumberField("size", r.size());
      g.writeNumberField("durationMillis", r.durationMillis());
      g.writeStringField("status", r.status() == null ? null : r.status().name());
      g.writeObjectFieldStart("cache");
      g.writeNumberField("steps", r.cache().steps());
      g.writeNumberField("cached", r.cache().cached());
      g.writeEndObject();
      g.writeBooleanField("loaded", r.loaded());
      g.writeBooleanField("pushed", r.pushed());
      writeStrings(g, "dependsOn", r.dependsOn());
      writeStrings(g, "platforms", r.platforms());
      g.writeStringField("log", r.log());
      g.writeStringField("error", r.error());
      g.writeStringField("fingerprint", r.fingerprint());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** Reads the file's object; unknown fields are ignored, missing ones are null, 0 or false. */
  private static ImagesFile readFile(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("expected a JSON object " + where(p));
    }
    int schemaVersion = 0;
    String generatedAt = null;
    String builder = null;
    String registry = null;
    String imagePrefix = null;
    boolean success = false;
    List<ImageResult> images = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "schemaVersion" -> schemaVersion = (int) number(p, t);
        case "generatedAt" -> generatedAt = text(p, t);
        case "builder" -> builder = text(p, t);
        case "registry" -> registry = text(p, t);
        case "imagePrefix" -> imagePrefix = text(p, t);
        case "success" -> success = bool(p, t);
        case "images" -> {
          if (t != JsonToken.START_ARRAY) {
            throw new IOException("'images' must be an array " + where(p));
          }
          images = new ArrayList<>();
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            images.add(readImage(p, t));
          }
        }
        default -> p.skipChildren();
      }
    }
    if (images == null) {
      throw new IOException("'images' must be an array (there is none)");
    }
    return new ImagesFile(
        schemaVersion, generatedAt, builder, registry, imagePrefix, success, images);
  }

  private static ImageResult readImage(JsonParser p, JsonToken start) throws IOException {
    expect(p, start, JsonToken.START_OBJECT, "an image");
    String name = null;
    String primaryRef = null;
    List<String> refs = null;
    String imageId = null;
    String digest = null;
    long size = 0;
    long durationMillis = 0;
    ImageResult.Status status = null;
    ImageResult.Cache cache = null;
    Boolean loaded = null;
    boolean pushed = false;
    List<String> dependsOn = null;
    List<String> platforms = null;
    String log = null;
    String error = null;
    String fingerprint = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "name" -> name = text(p, t);
        case "primaryRef" -> primaryRef = text(p, t);
        case "refs" -> refs = strings(p, t);
        case "imageId" -> imageId = text(p, t);
        case "digest" -> digest = text(p, t);
        case "size" -> size = number(p, t);
        case "durationMillis" -> durationMillis = number(p, t);
        case "status" -> {
          String s = text(p, t);
          try {
            status = s == null ? null : ImageResult.Status.valueOf(s);
          } catch (IllegalArgumentException e) {
            String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            throw new IOException("unknown image status '" + shown + "' " + where(p), e);
          }
        }
        case "cache" -> cache = readCache(p, t);
        case "loaded" -> loaded = bool(p, t);
        case "pushed" -> pushed = bool(p, t);
        case "dependsOn" -> dependsOn = strings(p, t);
        case "platforms" -> platforms = strings(p, t);
        case "log" -> log = text(p, t);
        case "error" -> error = text(p, t);
        case "fingerprint" -> fingerprint = text(p, t);
        default -> p.skipChildren();
      }
    }
    return new ImageResult(
        name,
        primaryRef,
        refs,
        imageId,
        digest,
        size,
        durationMillis,
        status,
        cache,
        loaded != null ? loaded : imageId != null,
        pushed,
        dependsOn,
        platforms,
        log,
        error,
        fingerprint);
  }

  private static ImageResult.Cache readCache(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, t, JsonToken.START_OBJECT, "cache");
    int steps = 0;
    int cached = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "steps" -> steps = (int) number(p, v);
        case "cached" -> cached = (int) number(p, v);
        default -> p.skipChildren();
      }
    }
    return new ImageResult.Cache(steps, cached);
  }

  private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, t, JsonToken.START_ARRAY, "a list");
    List<String> out = new ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      out.add(text(p, t));
    }
    return out;
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!t.isScalarValue()) {
      throw new IOException("expected a string " + where(p));
    }
    return p.getText();
  }

  private static long number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText().trim());
      } catch (NumberFormatException e) {
        throw new IOException("expected a number " + where(p), e);
      }
    }
    if (!t.isNumeric()) {
      throw new IOException("expected a number " + where(p));
    }
    return p.getLongValue();
  }

  private static boolean bool(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    if (!t.isBoolean()) {
      throw new IOException("expected true or false " + where(p));
    }
    return t == JsonToken.VALUE_TRUE;
  }

  private static void expect(JsonParser p, JsonToken t, JsonToken want, String what)
      throws IOException {
    if (t != want) {
      throw new IOException("expected " + what + " to start with " + want + " " + where(p));
    }
  }

  private static String where(JsonParser p) {
    var loc = p.currentLocation();
    return "at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }
}
