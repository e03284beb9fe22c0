package dev.buildgate.quality.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Severity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Real output of mypy 2.4.1 (strict) on tool-output/sample-project, JSON and text forms. */
class MypyOutputParserTest {

  private final MypyOutputParser parser = new MypyOutputParser();

  private static ParseContext ctx() {
    return new ParseContext("mypy", Path.of("/tmp/qsample/backend"), Path.of("/tmp/qsample"));
  }

  @Test
  void jsonLinesGiveErrorsWithOneBasedColumnsAndHintsAsNotes() throws Exception {
    ParsedOutput out = parser.parse(Resources.open("mypy-2.4.1.jsonl"), ctx());

    assertThat(out.findings())
        .extracting(Finding::ruleId, Finding::file, Finding::line, Finding::column)
        .containsExactly(
            tuple("no-untyped-def", "backend/app/main.py", 7, 1),
            tuple("return-value", "backend/app/main.py", 12, 12),
            tuple("arg-type", "backend/app/main.py", 50, 18),
            tuple("no-any-return", "backend/app/main.py", 54, 5),
            tuple("no-untyped-call", "backend/app/main.py", 54, 12));
    assertThat(out.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    Finding argType = out.findings().get(2);
    assertThat(argType.message())
        .isEqualTo(
            "Argument 1 to \"total\" has incompatible type \"list[int]\"; expected \"list[float]\"");
    assertThat(argType.properties().get("notes"))
        .startsWith("\"list\" is invariant")
        .contains("\nConsider using \"Sequence\" instead");
    assertThat(argType.helpUri()).endsWith("#code-arg-type");
    // the reveal_type note stands alone: read, not a finding
    assertThat(out.ignored()).isEqualTo(1);
  }

  @Test
  void textFormGivesTheSameFindingsAndAttachesNotesToTheirError() throws Exception {
    ParsedOutput json = parser.parse(Resources.open("mypy-2.4.1.jsonl"), ctx());
    ParsedOutput text = parser.parse(Resources.open("mypy-2.4.1.txt"), ctx());

    assertThat(text.findings())
        .extracting(
            Finding::ruleId, Finding::file, Finding::line, Finding::column, Finding::message)
        .containsExactlyElementsOf(
            json.findings().stream()
                .map(f -> tuple(f.ruleId(), f.file(), f.line(), f.column(), f.message()))
                .toList());
    assertThat(text.findings().get(2).properties().get("notes"))
        .isEqualTo(json.findings().get(2).properties().get("notes"));
    assertThat(text.findings())
        .extracting(Finding::fingerprint)
        .containsExactlyElementsOf(json.findings().stream().map(Finding::fingerprint).toList());
    assertThat(text.ignored()).isEqualTo(1);
  }

  @Test
  void syntaxErrorsAreFindings() throws Exception {
    ParseContext c = new ParseContext("mypy", Path.of("/tmp/qsyn"), Path.of("/tmp/qsyn"));
    ParsedOutput out = parser.parse(Resources.open("mypy-2.4.1-syntax.jsonl"), c);
    assertThat(out.findings()).extracting(Finding::ruleId).containsExactly("syntax", "syntax");
  }

  @Test
  void textWithoutColumnsAndSummaryLines() throws Exception {
    String text =
        "app/x.py:3: error: Name \"y\" is not defined  [name-defined]\n"
            + "app/x.py: error: Duplicate module named \"x\"\n"
            + "Found 2 errors in 1 file (checked 1 source file)\n";
    ParsedOutput out = parser.parse(Resources.stream(text), ctx());
    assertThat(out.findings())
        .extracting(Finding::ruleId, Finding::file, Finding::line, Finding::column)
        .containsExactly(
            tuple("name-defined", "backend/app/x.py", 3, 0),
            tuple("error", "backend/app/x.py", 0, 0));
    assertThat(
            parser
                .parse(Resources.stream("Success: no issues found in 3 source files\n"), ctx())
                .findings())
        .isEmpty();
  }

  @Test
  void aCrashTraceIsNotACleanRun() {
    String crash =
        "Traceback (most recent call last):\n  File \"mypy/main.py\", line 1\nKeyError: 'x'\n";
    assertThatThrownBy(() -> parser.parse(Resources.stream(crash), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("line 1 is neither a diagnostic nor a summary: Traceback");
    // a line number no int holds: not a diagnostic, and not a NumberFormatException
    assertThatThrownBy(
            () ->
                parser.parse(
                    Resources.stream("a.py:199999999999999999999: error: x  [misc]\n"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("line 1 is neither a diagnostic nor a summary: a.py:1999");
    assertThatThrownBy(() -> parser.parse(Resources.stream("{\"file\": \"a.py\"}\n"), ctx()))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("has no \"message\"");
  }
}
