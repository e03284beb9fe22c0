package dev.buildgate.quality.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Real output of bandit 1.9.4 on tool-output/sample-project. */
class BanditJsonParserTest {

  private final BanditJsonParser parser = new BanditJsonParser();

  private static ParseContext ctx() {
    return new ParseContext("bandit", Path.of("/tmp/qsample/backend"), Path.of("/tmp/qsample"));
  }

  @Test
  void resultsCarrySeverityConfidenceCweAndDocs() throws Exception {
    ParsedOutput out = parser.parse(Resources.open("bandit-1.9.4.json"), ctx());

    assertThat(out.findings())
        .extracting(Finding::ruleId, Finding::file, Finding::line, Finding::severity)
        .containsExactly(
            tuple("B404", "backend/app/main.py", 3, Severity.LOW),
            tuple("B602", "backend/app/main.py", 28, Severity.HIGH),
            tuple("B324", "backend/app/main.py", 32, Severity.HIGH),
            tuple("B108", "backend/app/main.py", 36, Severity.MEDIUM),
            tuple("B101", "backend/app/main.py", 40, Severity.LOW),
            tuple("B404", "backend/tests/test_main.py", 1, Severity.LOW),
            tuple("B101", "backend/tests/test_main.py", 5, Severity.LOW),
            tuple("B607", "backend/tests/test_main.py", 6, Severity.LOW),
            tuple("B602", "backend/tests/test_main.py", 6, Severity.LOW));
    Finding b108 = out.findings().get(3);
    assertThat(b108.properties())
        .containsEntry(BanditJsonParser.CONFIDENCE, "MEDIUM")
        .containsEntry("cwe", "CWE-377")
        .containsEntry("testName", "hardcoded_tmp_directory");
    assertThat(b108.column()).isEqualTo(12);
    assertThat(b108.helpUri()).contains("b108_hardcoded_tmp_directory");
    assertThat(out.toolErrors()).isEmpty();
  }

  @Test
  void excludedRunHasNoTestFiles() throws Exception {
    ParsedOutput out = parser.parse(Resources.open("bandit-1.9.4-excluded.json"), ctx());
    assertThat(out.findings()).hasSize(5).noneMatch(f -> f.file().contains("tests/"));
  }

  @Test
  void filesBanditCouldNotScanAreToolErrors() throws Exception {
    ParseContext c = new ParseContext("bandit", Path.of("/tmp/qsyn"), Path.of("/tmp/qsyn"));
    ParsedOutput out = parser.parse(Resources.open("bandit-1.9.4-syntax-error.json"), c);
    assertThat(out.findings()).isEmpty();
    assertThat(out.toolErrors())
        .containsExactly("bad.py: syntax error while parsing AST from file");
  }

  @Test
  void outputWithoutResultsIsRejected() {
    assertThatThrownBy(() -> parser.parse(Resources.stream("{\"errors\": []}"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("no \"results\" array");
    assertThatThrownBy(
            () -> parser.parse(Resources.stream("Traceback (most recent call last):"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("bandit output is not valid JSON");
  }
}
