package dev.buildgate.quality.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.io.JsonMessages;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;

/** Small helpers over Jackson's streaming parser shared by the JSON-based parsers. */
final class Json {

  /** One shared, thread-safe factory, bounded as every input is ({@link InputLimits}). */
  static final JsonFactory FACTORY = InputLimits.jsonFactory();

  private Json() {}

  static JsonParser open(InputStream in) throws IOException {
    JsonParser p = FACTORY.createParser(in);
    p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return p;
  }

  /** Reads the next token and checks it is {@code expected}. */
  static void expect(JsonParser p, JsonToken expected, String tool, String what)
      throws IOException, OutputParseException {
    JsonToken t = next(p, tool);
    if (t != expected) {
      throw unexpected(p, tool, what + " (found " + describe(t) + ")");
    }
  }

  /** The next token; JSON syntax errors and a premature end become {@link OutputParseException}. */
  static JsonToken next(JsonParser p, String tool) throws IOException, OutputParseException {
    try {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw unexpected(p, tool, "more JSON (the output ends early)");
      }
      return t;
    } catch (JsonParseException e) {
      throw invalid(tool, e);
    }
  }

  /**
   * A syntax error (or a read limit) anywhere in the document, as one line: the structure checks
   * call {@link #next}, but skipping and reading values meet broken JSON too.
   */
  static OutputParseException invalid(String tool, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new OutputParseException(
        tool
            + " output is not valid JSON"
            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
            + ": "
            + JsonMessages.oneLine(e),
        e);
  }

  /**
   * Bytes that are no text in the encoding Jackson detected (e.g. garbage read as UTF-32), as one
   * line.
   */
  static OutputParseException invalid(String tool, CharConversionException e) {
    return new OutputParseException(
        tool + " output is not valid JSON: " + InputLimits.oneLine(String.valueOf(e.getMessage())),
        e);
  }

  /** After the value is consumed, throws if anything but whitespace follows. */
  static void expectEnd(JsonParser p, String tool) throws IOException, OutputParseException {
    JsonToken t;
    try {
      t = p.nextToken();
    } catch (JsonParseException e) {
      throw new OutputParseException(
          tool + " output has trailing garbage after the JSON document: " + JsonMessages.oneLine(e),
          e);
    }
    if (t != null) {
      throw unexpected(p, tool, "the end of the output (found more JSON)");
    }
  }

  static OutputParseException unexpected(JsonParser p, String tool, String expected) {
    return new OutputParseException(
        tool
            + " output is not in the expected format at line "
            + p.currentLocation().getLineNr()
            + ", column "
            + p.currentLocation().getColumnNr()
            + ": expected "
            + expected);
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "end of output";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_NULL:
        return "null";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      default:
        return t.toString();
    }
  }
}
