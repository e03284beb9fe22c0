package dev.buildgate.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/** Jackson's error messages as one line a user can read (no source location noise). */
public final class JsonMessages {
  private static final Pattern SOURCE =
      Pattern.compile("\\s*\\(start marker at \\[Source:.*?\\]\\)");
  private static final Pattern SOURCE_ONLY = Pattern.compile("\\s*at \\[Source:.*$");

  /**
   * A Java class name the parser put in its message, as in the YAML parser's "failed to tokenize
   * due to (java.lang.NumberFormatException): ..." for an escape cut off at the end of the input.
   */
  private static final Pattern JAVA_CLASS =
      Pattern.compile(
          "(?:\\s*due to)?\\s*\\(?(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\)?");

  private JsonMessages() {}

  /**
   * The message without the location part, on one line and cut like {@link InputLimits#oneLine}
   * (Jackson quotes the input, e.g. a number of 1,000 digits); the caller names file and line.
   */
  public static String oneLine(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    m = SOURCE.matcher(m).replaceAll("");
    m = SOURCE_ONLY.matcher(m).replaceAll("");
    m = JAVA_CLASS.matcher(m).replaceAll("");
    return InputLimits.oneLine(m.replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }
}
