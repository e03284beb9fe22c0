package dev.buildgate.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small readers and writers for Jackson's streaming API, shared by every file and answer the build
 * parses token by token (create parsers with {@link InputLimits#jsonFactory()}).
 *
 * <p>The readers look at the parser's current token (the value just read with {@code nextToken()})
 * and consume that whole value: a value of another shape than asked is skipped, so unknown or odd
 * fields never derail the caller's loop.
 */
public final class JsonStreams {

  private JsonStreams() {}

  /**
   * The elements of a file holding one JSON array, each as compact JSON text (written again with
   * {@link JsonGenerator#writeRawValue(String)}), read token by token: joining report parts needs
   * no object mapper.
   *
   * @param file the file
   * @return the elements, in order
   * @throws IOException when the file cannot be read, is not one array, or is cut short
   */
  public static List<String> arrayElements(Path file) throws IOException {
    JsonFactory f = InputLimits.jsonFactory();
    List<String> out = new ArrayList<>();
    try (JsonParser p = f.createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException(file + " does not hold a JSON array");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) {
          throw new IOException(file + " ends inside its array");
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = f.createGenerator(w)) {
          g.copyCurrentStructure(p);
        }
        out.add(w.toString());
      }
      if (p.nextToken() != null) {
        throw new IOException(file + " has more than one JSON value");
      }
    }
    return out;
  }

  /**
   * The current scalar value as text (numbers and booleans as written).
   *
   * @return the text; null for JSON null and for an object or array (skipped)
   */
  public static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null || t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isStructStart()) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  /**
   * The current array's scalars as text; nulls and nested objects or arrays are left out.
   *
   * @return the list; null when the value is not an array (skipped)
   */
  public static List<String> strings(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonToken t = next(p); t != JsonToken.END_ARRAY; t = next(p)) {
      String s = text(p);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The current object's scalar fields as text, sorted by name; nulls and nested objects or arrays
   * are left out.
   *
   * @return the map; null when the value is not an object (skipped)
   */
  public static Map<String, String> stringMap(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    while (next(p) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      next(p);
      String s = text(p);
      if (s != null) {
        out.put(name, s);
      }
    }
    return out;
  }

  /**
   * The current value as an int: an integer, or a string holding one.
   *
   * @param dflt the value for anything else (objects and arrays are skipped)
   * @return the number or {@code dflt}
   */
  public static int integer(JsonParser p, int dflt) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Integer.parseInt(p.getText().trim());
      } catch (NumberFormatException e) {
        return dflt;
      }
    }
    if (t != null && t.isStructStart()) {
      p.skipChildren();
    }
    return dflt;
  }

  /** Where the parser is, for one-line errors: {@code at line 3, column 7}. */
  public static String where(JsonParser p) {
    JsonLocation loc = p.currentLocation();
    return "at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** Writes {@code "field": [values...]}. */
  public static void writeStrings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  /** The next token; the end of the input inside a value is an error, not an endless loop. */
  private static JsonToken next(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new IOException("the JSON ends early " + where(p));
    }
    return t;
  }
}
