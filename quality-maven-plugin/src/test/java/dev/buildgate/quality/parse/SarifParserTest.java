package dev.buildgate.quality.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.finding.ToolRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SarifParserTest {

  private final SarifParser parser = new SarifParser();

  @Test
  void realRuffSarifWithRulesAfterResultsMatchesItsJsonOutput() throws Exception {
    ParseContext c =
        new ParseContext("ruff", Path.of("/tmp/qsample/backend"), Path.of("/tmp/qsample"));
    ParsedOutput sarif = parser.parse(Resources.open("ruff-0.17.6.sarif"), c);
    ParsedOutput json =
        new RuffJsonParser()
            .parse(
                Resources.open("ruff-0.17.6.json"),
                new ParseContext("ruff", Path.of("/tmp/qsample/backend"), Path.of("/tmp/qsample")));

    assertThat(sarif.findings())
        .extracting(
            Finding::ruleId, Finding::file, Finding::line, Finding::column, Finding::severity)
        .containsExactlyElementsOf(
            json.findings().stream()
                .map(f -> tuple(f.ruleId(), f.file(), f.line(), f.column(), f.severity()))
                .toList());
    assertThat(sarif.toolVersion()).isEqualTo("0.17.6");
    assertThat(sarif.rules()).extracting(Rule::id).contains("F401", "E711", "B006");
    assertThat(sarif.findings().get(1).helpUri())
        .isEqualTo("https://docs.astral.sh/ruff/rules/unused-import");
  }

  @Test
  void genericSarifResolvesRuleIndexBaseIdsScoresAndSkipsSuppressed() throws Exception {
    ParseContext c =
        new ParseContext("semgrep", Path.of("/work/repo/backend"), Path.of("/work/repo"));
    ParsedOutput out = parser.parse(Resources.open("generic-semgrep-style.sarif"), c);

    assertThat(out.findings())
        .extracting(
            Finding::ruleId, Finding::file, Finding::line, Finding::column, Finding::severity)
        .containsExactly(
            tuple(
                "python.lang.security.audit.eval-detected",
                "backend/app/api.py",
                12,
                5,
                Severity.HIGH),
            tuple(
                "python.requests.best-practice.use-timeout",
                "backend/app/my client.py",
                3,
                0,
                Severity.INFO),
            tuple(
                "generic.secrets.security.detected-private-key",
                "deploy/key.pem",
                1,
                0,
                Severity.CRITICAL));
    assertThat(out.findings().get(1).properties())
        .containsEntry("confidence", "LOW")
        .doesNotContainKey("nested");
    assertThat(out.findings().get(1).helpUri())
        .isEqualTo("https://semgrep.dev/r/python.requests.best-practice.use-timeout");
    assertThat(out.findings()).allMatch(f -> f.tool().equals("semgrep"));
    assertThat(out.toolVersion()).isEqualTo("1.99.0");
    assertThat(out.rules()).hasSize(3);
  }

  @Test
  void buildgatesOwnSarifRoundTrips() throws Exception {
    List<Finding> findings =
        List.of(
            Finding.builder("bandit", "B602")
                .severity(Severity.HIGH)
                .file("backend/app/main.py")
                .line(28)
                .column(5)
                .message("subprocess call with shell=True identified, security issue.")
                .property("confidence", "HIGH")
                .build(),
            Finding.builder("bandit", "B101")
                .severity(Severity.LOW)
                .file("backend/app/main.py")
                .line(40)
                .message("Use of assert detected.")
                .build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SarifWriter.write(List.of(new ToolRun("bandit", "1.9.4", null, List.of(), findings)), bytes);

    ParseContext c = new ParseContext("bandit", Path.of("/r/backend"), Path.of("/r"));
    ParsedOutput back = parser.parse(new ByteArrayInputStream(bytes.toByteArray()), c);

    assertThat(back.findings())
        .extracting(
            Finding::ruleId,
            Finding::file,
            Finding::line,
            Finding::column,
            Finding::severity,
            Finding::fingerprint)
        .containsExactly(
            tuple(
                "B602", "backend/app/main.py", 28, 5, Severity.HIGH, findings.get(0).fingerprint()),
            tuple(
                "B101", "backend/app/main.py", 40, 0, Severity.LOW, findings.get(1).fingerprint()));
    assertThat(back.findings().get(0).properties()).containsEntry("confidence", "HIGH");
  }

  @Test
  void notSarifIsRejected() {
    ParseContext c = new ParseContext("hadolint", Path.of("/r"), Path.of("/r"));
    assertThatThrownBy(() -> parser.parse(Resources.stream("{\"version\": \"2.1.0\"}"), c))
        .isInstanceOf(OutputParseException.class)
        .hasMessage("hadolint output is not SARIF: it has no \"runs\" array");
    assertThatThrownBy(() -> parser.parse(Resources.stream("Segmentation fault"), c))
        .isInstanceOf(OutputParseException.class)
        .hasMessageContaining("hadolint output is not valid JSON");
  }
}
