package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMessagesTest {

  /** Each input fails to parse; the message keeps the parser's words and drops its internals. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // an escape cut off at the end: snakeyaml's NumberFormatException, named by class
        "openapi: \"\\U | failed to tokenize: For input string: \"\" under radix 16",
        "a: \"\\x | failed to tokenize: For input string",
        // JSON: the source location Jackson appends is dropped
        "[1, 2 | Unexpected end-of-input: expected close marker for Array",
        "{\"a\": 01} | Invalid numeric value: Leading zeroes not allowed",
        // YAML: the multi-line snippet becomes one line
        "a: \"\\q\" | found unknown escape character q",
      })
  void oneLineWithoutParserNoise(String text, String expected) {
    ObjectMapper mapper =
        text.startsWith("{") || text.startsWith("[") ? new ObjectMapper() : new YAMLMapper();
    JsonProcessingException e =
        catchThrowableOfType(JsonProcessingException.class, () -> mapper.readTree(text));

    String line = JsonMessages.oneLine(e);

    assertThat(line)
        .contains(expected)
        .doesNotContain("\n", "[Source:", "java.lang.", "Exception", "due to (");
  }

  @Test
  void theInputQuotedInTheMessageIsCut() {
    String digits = "9".repeat(900);
    JsonProcessingException e =
        catchThrowableOfType(
            JsonProcessingException.class,
            () -> new ObjectMapper().readValue("[" + digits + "]", long[].class));

    assertThat(JsonMessages.oneLine(e))
        .startsWith("Numeric value (999")
        .hasSize(InputLimits.MAX_MESSAGE_CHARS + 3)
        .endsWith("...");
  }
}
