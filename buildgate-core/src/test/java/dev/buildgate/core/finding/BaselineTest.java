package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {

  @TempDir Path tmp;

  static Finding f(String rule, String file, int line, String message) {
    return Finding.builder("ruff", rule).file(file).line(line).column(1).message(message).build();
  }

  @Test
  void acceptsFindingsThatMovedToOtherLines() {
    Path file = tmp.resolve("baseline.json");
    Baseline.write(file, List.of(f("F401", "a.py", 3, "`os` imported but unused")));

    Baseline baseline = Baseline.load(file);
    Finding shifted = f("F401", "a.py", 30, "`os` imported but unused");
    Finding other = f("F401", "a.py", 3, "`sys` imported but unused");
    assertThat(baseline.accepts(shifted)).isTrue();
    assertThat(baseline.accepts(other)).isFalse();
    assertThat(baseline.newFindings(List.of(shifted, other))).containsExactly(other);
  }

  @Test
  void matchingCountsMultiplicity() {
    Finding one = f("E711", "a.py", 5, "comparison to None");
    Finding two = f("E711", "a.py", 9, "comparison to None");
    assertThat(two.fingerprint()).isEqualTo(one.fingerprint());

    Path file = tmp.resolve("baseline.json");
    Baseline.write(file, List.of(one));
    Baseline baseline = Baseline.load(file);
    assertThat(baseline.size()).isEqualTo(1);
    assertThat(baseline.newFindings(List.of(one, two))).containsExactly(two);

    Baseline.write(file, List.of(one, two));
    assertThat(Baseline.load(file).newFindings(List.of(one, two))).isEmpty();
    assertThat(Baseline.load(file).size()).isEqualTo(2);
  }

  @Test
  void missingFileIsEmpty() {
    Baseline baseline = Baseline.load(tmp.resolve("nope.json"));
    assertThat(baseline.isEmpty()).isTrue();
    Finding x = f("F401", "a.py", 1, "m");
    assertThat(baseline.accepts(x)).isFalse();
    assertThat(baseline.newFindings(List.of(x))).containsExactly(x);
  }

  @Test
  void writeIsSortedAndDeterministic() throws Exception {
    Finding a = f("F401", "b.py", 1, "x");
    Finding b = f("E501", "a.py", 2, "line too long");
    Finding c = f("W291", "c/d.py", 3, "trailing whitespace");
    Path one = tmp.resolve("dir/one.json");
    Path two = tmp.resolve("two.json");
    Baseline.write(one, List.of(a, b, c));
    Baseline.write(two, List.of(c, a, b));

    String text = Files.readString(one);
    assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
    assertThat(text)
        .doesNotContain("\r")
        .endsWith("}\n")
        .contains("\"format\" : \"buildgate-baseline\"");
    List<String> fingerprints = Baseline.load(one).fingerprints().keySet().stream().toList();
    assertThat(fingerprints).isSorted().hasSize(3);
    int ia = text.indexOf(a.fingerprint());
    int ib = text.indexOf(b.fingerprint());
    int ic = text.indexOf(c.fingerprint());
    assertThat(List.of(ia, ib, ic)).allMatch(i -> i > 0);
    assertThat(text)
        .contains("\"ruleId\" : \"W291\"", "\"file\" : \"c/d.py\"", "\"message\" : \"x\"");
    try (var dir = Files.list(tmp)) {
      assertThat(dir.map(p -> p.getFileName().toString())).doesNotContain(".two.json.tmp");
    }
  }

  @Test
  void corruptFileNamesTheFileAndTheFix() throws Exception {
    Path file = Files.writeString(tmp.resolve("baseline.json"), "{\"findings\": [");
    assertThatThrownBy(() -> Baseline.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("delete the file");

    Files.writeString(file, "{\"findings\": [{\"tool\": \"ruff\"}]}");
    assertThatThrownBy(() -> Baseline.load(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("entry 0 has no \"fingerprint\"");

    Files.writeString(file, "{\"other\": 1}");
    assertThatThrownBy(() -> Baseline.load(file)).hasMessageContaining("no \"findings\" array");

    Files.writeString(file, "\"text\"");
    assertThatThrownBy(() -> Baseline.load(file)).isInstanceOf(IllegalArgumentException.class);

    Files.writeString(file, "{\"findings\": {}}");
    assertThatThrownBy(() -> Baseline.load(file)).hasMessageContaining("is not an array");

    Files.writeString(file, "{\"findings\": [42]}");
    assertThatThrownBy(() -> Baseline.load(file)).hasMessageContaining("entry 0");

    Files.writeString(file, "{\"findings\": []} []");
    assertThatThrownBy(() -> Baseline.load(file)).hasMessageContaining("after the end");
  }

  @Test
  void plainArrayOfFingerprintsAndEmptyFileAreAccepted() throws Exception {
    Finding x = f("F401", "a.py", 1, "m");
    Path file = Files.writeString(tmp.resolve("b.json"), "[\"" + x.fingerprint() + "\"]");
    assertThat(Baseline.load(file).accepts(x)).isTrue();
    Files.writeString(file, "");
    assertThat(Baseline.load(file).isEmpty()).isTrue();
  }

  @Test
  void inMemoryBaseline() {
    Finding x = f("F401", "a.py", 1, "m");
    assertThat(Baseline.of(List.of(x)).accepts(x)).isTrue();
    assertThat(Baseline.empty().accepts(x)).isFalse();
  }
}
