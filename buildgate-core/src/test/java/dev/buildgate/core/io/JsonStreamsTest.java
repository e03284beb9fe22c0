package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonStreamsTest {

  /** Reads each field of the top-level object with {@code reader}; returns the results. */
  interface Reader {
    Object read(JsonParser p) throws IOException;
  }

  static List<Object> fields(String json, Reader reader) throws IOException {
    List<Object> out = new ArrayList<>();
    try (JsonParser p = InputLimits.jsonFactory().createParser(json)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        p.nextToken();
        out.add(reader.read(p));
      }
      assertThat(p.nextToken()).as("the whole document was consumed").isNull();
    }
    return out;
  }

  @Test
  void textOfScalarsNullForStructuresWhichAreSkipped() throws IOException {
    assertThat(
            fields(
                "{\"a\":\"x\",\"b\":12,\"c\":true,\"d\":null,\"e\":{\"x\":[1]},\"f\":[2]}",
                JsonStreams::text))
        .containsExactly("x", "12", "true", null, null, null);
  }

  @Test
  void stringsOfAnArrayOtherShapesSkipped() throws IOException {
    assertThat(
            fields(
                "{\"a\":[\"x\",1,null,{\"y\":2},[3],\"z\"],\"b\":\"no\",\"c\":{\"d\":[]}}",
                JsonStreams::strings))
        .containsExactly(List.of("x", "1", "z"), null, null);
  }

  @Test
  void stringMapOfAnObjectSortedByName() throws IOException {
    assertThat(
            fields(
                "{\"a\":{\"z\":\"1\",\"m\":2,\"n\":null,\"o\":{\"p\":1}},\"b\":[1]}",
                JsonStreams::stringMap))
        .containsExactly(Map.of("m", "2", "z", "1"), null);
    Object first = fields("{\"a\":{\"z\":\"1\",\"m\":\"2\"}}", JsonStreams::stringMap).get(0);
    assertThat(new ArrayList<Object>(((Map<?, ?>) first).keySet())).containsExactly("m", "z");
  }

  @Test
  void integerOfNumbersAndNumericStrings() throws IOException {
    assertThat(
            fields(
                "{\"a\":7,\"b\":\" 8 \",\"c\":\"x\",\"d\":[1],\"e\":1.5}",
                p -> JsonStreams.integer(p, -1)))
        .containsExactly(7, 8, -1, -1, -1);
  }

  @Test
  void truncatedInputIsAnIoErrorAndWhereNamesThePlace() throws IOException {
    try (JsonParser p = InputLimits.jsonFactory().createParser("{\"a\":\n [\"x\",")) {
      p.nextToken();
      p.nextToken();
      p.nextToken();
      assertThat(JsonStreams.where(p)).isEqualTo("at line 2, column 3");
      assertThatThrownBy(() -> JsonStreams.strings(p))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("end-of-input");
    }
  }

  @Test
  void writeStringsWritesAnArrayField() throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = InputLimits.jsonFactory().createGenerator(out)) {
      g.writeStartObject();
      JsonStreams.writeStrings(g, "tags", List.of("a", "b"));
      JsonStreams.writeStrings(g, "none", List.of());
      g.writeEndObject();
    }
    assertThat(out).hasToString("{\"tags\":[\"a\",\"b\"],\"none\":[]}");
  }

  @Test
  void arrayElementsCopiesEachElementAndRejectsAnythingButOneWholeArray(@TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("part.json");
    Files.writeString(f, "[ {\"a\": [1, 2.5, \"x\\n\"]}, null, \"s\" ,{} ]\n");
    assertThat(JsonStreams.arrayElements(f))
        .containsExactly("{\"a\":[1,2.5,\"x\\n\"]}", "null", "\"s\"", "{}");
    Files.writeString(f, "[]");
    assertThat(JsonStreams.arrayElements(f)).isEmpty();
    for (String bad : List.of("[{\"a\": 1}", "{\"a\": 1}", "[1] [2]", "", "[1,")) {
      Files.writeString(f, bad);
      assertThatThrownBy(() -> JsonStreams.arrayElements(f))
          .as(bad)
          .isInstanceOf(IOException.class);
    }
  }
}
