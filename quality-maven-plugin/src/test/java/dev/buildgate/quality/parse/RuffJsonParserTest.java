package dev.buildgate.quality.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Real output of ruff 0.17.6 on tool-output/sample-project (captured in /tmp/qsample/backend). */
class RuffJsonParserTest {

  private final RuffJsonParser parser = new RuffJsonParser();

  private static ParseContext ctx() {
    return new ParseContext("ruff", Path.of("/tmp/qsample/backend"), Path.of("/tmp/qsample"));
  }

  @Test
  void parsesEveryDiagnosticWithRuleLocationUrlAndFix() throws Exception {
    ParsedOutput out = parser.parse(Resources.open("ruff-0.17.6.json"), ctx());

    assertThat(out.findings())
        .extracting(Finding::ruleId, Finding::file, Finding::line, Finding::column)
        .containsExactly(
            tuple("I001", "backend/app/main.py", 1, 1),
            tuple("F401", "backend/app/main.py", 2, 8),
            tuple("B006", "backend/app/main.py", 15, 44),
            tuple("F841", "backend/app/main.py", 21, 5),
            tuple("W291", "backend/app/main.py", 21, 15),
            tuple("E711", "backend/app/main.py", 22, 17),
            tuple("F821", "backend/app/main.py", 57, 1));
    Finding f401 = out.findings().get(1);
    assertThat(f401.tool()).isEqualTo("ruff");
    assertThat(f401.message()).isEqualTo("`os` imported but unused");
    assertThat(f401.helpUri()).isEqualTo("https://docs.astral.sh/ruff/rules/unused-import");
    assertThat(f401.severity()).isEqualTo(Severity.HIGH);
    assertThat(f401.properties())
        .containsEntry("fix", "safe")
        .containsEntry("ruleName", "unused-import");
    assertThat(out.findings().get(2).properties()).containsEntry("fix", "unsafe");
    assertThat(out.toolErrors()).isEmpty();
  }

  @Test
  void cleanRunIsAnEmptyArray() throws Exception {
    assertThat(parser.parse(Resources.open("ruff-0.17.6-clean.json"), ctx()).findings()).isEmpty();
  }

  @Test
  void syntaxErrorsAreFindingsWithoutFix() throws Exception {
    ParseContext c = new ParseContext("ruff", Path.of("/tmp/qsyn"), Path.of("/tmp/qsyn"));
    ParsedOutput out = parser.parse(Resources.open("ruff-0.17.6-syntax.json"), c);
    assertThat(out.findings())
        .extracting(Finding::ruleId, Finding::file, Finding::line)
        .containsExactly(
            tuple("invalid-syntax", "bad.py", 1), tuple("invalid-syntax", "bad.py", 1));
    assertThat(out.findings().get(0).properties()).containsEntry("fix", "none");
  }

  @Test
  void fingerprintDoesNotDependOnTheLine() throws Exception {
    String moved = Resources.text("ruff-0.17.6.json").replace("\"row\": 2\n", "\"row\": 12\n");
    Finding before = parser.parse(Resources.open("ruff-0.17.6.json"), ctx()).findings().get(1);
    Finding after = parser.parse(Resources.stream(moved), ctx()).findings().get(1);
    assertThat(after.line()).isEqualTo(12);
    assertThat(after.fingerprint()).isEqualTo(before.fingerprint());
  }

  @Test
  void garbageIsAnErrorNotAnEmptyResult() {
    assertThatThrownBy(
            () -> parser.parse(Resources.stream("error: Failed to parse pyproject.toml\n"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("ruff output is not valid JSON at line 1");
    assertThatThrownBy(() -> parser.parse(Resources.stream("[{\"code\": \"F401\""), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("ruff");
    assertThatThrownBy(() -> parser.parse(Resources.stream("{\"results\": []}"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("expected a JSON array of diagnostics (found an object)");
    assertThatThrownBy(() -> parser.parse(Resources.stream(""), ctx()))
        .isInstanceOf(OutputParseException.class);
    assertThatThrownBy(() -> parser.parse(Resources.stream("[] trailing"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void bytesThatAreNoTextInTheDetectedEncoding_areOneLineParseErrors() {
    // 00 00 00 xx makes Jackson read UTF-32; 0x0a1f207b is no code point (found by the properties)
    byte[] utf32Garbage = {0, 0, 0, '[', 0x0a, 0x1f, 0x20, 0x7b};
    assertThatThrownBy(() -> parser.parse(new java.io.ByteArrayInputStream(utf32Garbage), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageStartingWith("ruff output is not valid JSON: ")
        .hasMessageNotContaining("\n");
  }
}
