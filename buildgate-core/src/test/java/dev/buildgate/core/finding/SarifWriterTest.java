package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifWriterTest {

  static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path tmp;

  JsonNode write(List<ToolRun> runs) throws Exception {
    Path out = tmp.resolve("reports/sub/result.sarif");
    SarifWriter.write(runs, out);
    return MAPPER.readTree(out.toFile());
  }

  static Finding ruffF401() {
    return Finding.builder("ruff", "F401")
        .severity(Severity.MEDIUM)
        .file("backend/app/main.py")
        .line(3)
        .column(8)
        .message("`os` imported but unused")
        .build();
  }

  @Test
  void topLevelAndDriver() throws Exception {
    Rule f401 =
        new Rule(
            "F401",
            "unused-import",
            "Unused import",
            "https://docs.astral.sh/ruff/rules/unused-import",
            Severity.MEDIUM);
    ToolRun run =
        new ToolRun(
            "ruff", "0.17.6", "https://docs.astral.sh/ruff", List.of(f401), List.of(ruffF401()));

    JsonNode root = write(List.of(run));

    assertThat(root.get("$schema").asText())
        .isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
    assertThat(root.get("version").asText()).isEqualTo("2.1.0");
    assertThat(root.get("runs")).hasSize(1);
    JsonNode driver = root.at("/runs/0/tool/driver");
    assertThat(driver.get("name").asText()).isEqualTo("ruff");
    assertThat(driver.get("version").asText()).isEqualTo("0.17.6");
    assertThat(driver.get("semanticVersion").asText()).isEqualTo("0.17.6");
    assertThat(driver.get("informationUri").asText()).isEqualTo("https://docs.astral.sh/ruff");

    JsonNode rule = driver.at("/rules/0");
    assertThat(driver.get("rules")).hasSize(1);
    assertThat(rule.get("id").asText()).isEqualTo("F401");
    assertThat(rule.get("name").asText()).isEqualTo("unused-import");
    assertThat(rule.at("/shortDescription/text").asText()).isEqualTo("Unused import");
    assertThat(rule.get("helpUri").asText())
        .isEqualTo("https://docs.astral.sh/ruff/rules/unused-import");
    assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo("warning");
    assertThat(rule.has("properties")).as("ruff is not a security tool").isFalse();

    JsonNode result = root.at("/runs/0/results/0");
    assertThat(root.at("/runs/0/results")).hasSize(1);
    assertThat(result.get("ruleId").asText()).isEqualTo("F401");
    assertThat(result.get("ruleIndex").asInt()).isZero();
    assertThat(result.get("level").asText()).isEqualTo("warning");
    assertThat(result.at("/message/text").asText()).isEqualTo("`os` imported but unused");
    JsonNode loc = result.at("/locations/0/physicalLocation");
    assertThat(result.get("locations")).hasSize(1);
    assertThat(loc.at("/artifactLocation/uri").asText()).isEqualTo("backend/app/main.py");
    assertThat(loc.at("/artifactLocation/uriBaseId").asText()).isEqualTo("%SRCROOT%");
    assertThat(loc.at("/region/startLine").asInt()).isEqualTo(3);
    assertThat(loc.at("/region/startColumn").asInt()).isEqualTo(8);
    assertThat(
            result
                .at("/partialFingerprints/" + escapePointer(SarifWriter.FINGERPRINT_KEY))
                .asText())
        .isEqualTo(ruffF401().fingerprint());
  }

  private static String escapePointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  @Test
  void missingRulesAreGeneratedAndIndexed() throws Exception {
    Finding b602 =
        Finding.builder("bandit", "B602")
            .severity(Severity.HIGH)
            .file("app/run.py")
            .line(10)
            .message("subprocess call with shell=True")
            .helpUri("https://bandit.readthedocs.io/en/latest/plugins/b602.html")
            .build();
    Finding b105 =
        Finding.builder("bandit", "B105")
            .severity(Severity.LOW)
            .file("app/cfg.py")
            .line(2)
            .message("hardcoded password")
            .build();
    Finding b602Again = b602.toBuilder().file("app/other.py").severity(Severity.CRITICAL).build();
    Rule declared = new Rule("B105", "hardcoded_password_string", null, null, null);
    ToolRun run =
        new ToolRun("bandit", "1.9.4", null, List.of(declared), List.of(b602, b105, b602Again));
    assertThat(run.security()).isTrue();

    JsonNode root = write(List.of(run));
    JsonNode rules = root.at("/runs/0/tool/driver/rules");
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).get("id").asText()).isEqualTo("B105");
    assertThat(rules.get(0).at("/shortDescription/text").asText())
        .isEqualTo("hardcoded_password_string");
    assertThat(rules.get(0).at("/defaultConfiguration/level").asText()).isEqualTo("warning");
    assertThat(rules.get(0).at("/properties/security-severity").asText()).isEqualTo("3.0");
    assertThat(rules.get(1).get("id").asText()).isEqualTo("B602");
    assertThat(rules.get(1).get("name").asText()).isEqualTo("B602");
    assertThat(rules.get(1).get("helpUri").asText())
        .isEqualTo("https://bandit.readthedocs.io/en/latest/plugins/b602.html");
    assertThat(rules.get(1).at("/defaultConfiguration/level").asText()).isEqualTo("error");
    assertThat(rules.get(1).at("/properties/security-severity").asText())
        .as("highest severity of the rule's findings")
        .isEqualTo("9.0");
    assertThat(rules.get(1).at("/properties/tags/0").asText()).isEqualTo("security");

    JsonNode results = root.at("/runs/0/results");
    assertThat(results).hasSize(3);
    for (JsonNode r : results) {
      int index = r.get("ruleIndex").asInt();
      assertThat(rules.get(index).get("id").asText()).isEqualTo(r.get("ruleId").asText());
    }
    assertThat(results.get(0).get("level").asText()).isEqualTo("error");
    assertThat(results.get(1).get("level").asText()).isEqualTo("warning");
  }

  @Test
  void securitySeverityPerLevelAndFromCvssScores() throws Exception {
    List<Finding> findings = new ArrayList<>();
    for (Severity s : Severity.values()) {
      findings.add(Finding.builder("trivy", "R-" + s).severity(s).file("Dockerfile").build());
    }
    findings.add(
        Finding.builder("trivy", "CVE-2024-0001")
            .severity(Severity.HIGH)
            .file("requirements.txt")
            .property("security-severity", "8.8")
            .build());
    JsonNode rules =
        write(List.of(new ToolRun("trivy", "0.68.2", null, null, findings)))
            .at("/runs/0/tool/driver/rules");
    assertThat(rules.get(0).at("/properties").has("security-severity"))
        .as("INFO has no security-severity")
        .isFalse();
    assertThat(rules.get(1).at("/properties/security-severity").asText()).isEqualTo("3.0");
    assertThat(rules.get(2).at("/properties/security-severity").asText()).isEqualTo("5.0");
    assertThat(rules.get(3).at("/properties/security-severity").asText()).isEqualTo("7.0");
    assertThat(rules.get(4).at("/properties/security-severity").asText()).isEqualTo("9.0");
    assertThat(rules.get(5).at("/properties/security-severity").asText()).isEqualTo("8.8");
  }

  @Test
  void locationEdgeCases() throws Exception {
    Finding noLine = Finding.builder("mypy", "misc").file("a b/ü#.py").message("x").build();
    Finding noFile = Finding.builder("trivy", "CVE-1").message("in image").build();
    Finding noMessage = Finding.builder("ruff", "E501").file("x.py").line(2).build();
    JsonNode root =
        write(
            List.of(
                new ToolRun("mypy", "2.4.1", null, null, List.of(noLine, noMessage)),
                new ToolRun("trivy", null, null, null, List.of(noFile))));

    JsonNode first = root.at("/runs/0/results/0");
    assertThat(first.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(1);
    assertThat(first.at("/locations/0/physicalLocation/region").has("startColumn")).isFalse();
    assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("a%20b/%C3%BC%23.py");
    assertThat(root.at("/runs/0/results/1/message/text").asText()).isEqualTo("E501");
    JsonNode trivy = root.at("/runs/1");
    assertThat(trivy.at("/tool/driver").has("version")).isFalse();
    assertThat(trivy.at("/results/0").has("locations")).isFalse();
    assertThat(trivy.at("/results/0/partialFingerprints").size()).isEqualTo(1);
  }

  @Test
  void semanticVersionOnlyForSemver() {
    assertThat(SarifWriter.semanticVersion("1.9.4")).isEqualTo("1.9.4");
    assertThat(SarifWriter.semanticVersion("v2.0.0-rc.1")).isEqualTo("2.0.0-rc.1");
    assertThat(SarifWriter.semanticVersion("2.4")).isNull();
    assertThat(SarifWriter.semanticVersion("mypy 2.4.1 (compiled: yes)")).isNull();
  }

  @Test
  void emptyRunsAndPropertiesAreWritten() throws Exception {
    Finding f = Finding.builder("ruff", "E1").file("x.py").property("fixable", "true").build();
    JsonNode root =
        write(
            List.of(
                new ToolRun("clean", null, null, null, null),
                new ToolRun("ruff", null, null, null, List.of(f))));
    assertThat(root.at("/runs/0/results")).isEmpty();
    assertThat(root.at("/runs/0/tool/driver/rules")).isEmpty();
    assertThat(root.at("/runs/1/results/0/properties/fixable").asText()).isEqualTo("true");
    assertThat(root.at("/runs/1/results/0/properties/severity").asText()).isEqualTo("MEDIUM");
  }

  @Test
  void hundredThousandFindingsStream() throws Exception {
    List<Finding> many = new ArrayList<>(100_000);
    for (int i = 0; i < 100_000; i++) {
      many.add(
          new Finding(
              "ruff",
              "E" + (i % 50),
              Severity.LOW,
              "src/f" + (i % 1000) + ".py",
              i % 500 + 1,
              1,
              "message " + i,
              "fp" + i,
              null,
              null));
    }
    Path out = tmp.resolve("big.sarif");
    SarifWriter.write(List.of(new ToolRun("ruff", "0.17.6", null, null, many)), out);
    // count with a streaming parser: the point is that neither side needs a tree of 100k results
    int ruleIds = 0;
    int ruleIndexes = 0;
    String lastText = null;
    try (JsonParser p = MAPPER.getFactory().createParser(out.toFile())) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          if (name.equals("ruleIndex")) {
            ruleIndexes++;
          } else if (name.equals("ruleId")) {
            ruleIds++;
          } else if (name.equals("text")) {
            p.nextToken();
            lastText = p.getText();
          }
        }
      }
    }
    // GitHub's limit per run: the first 25,000 (all of one severity) are kept
    assertThat(ruleIndexes).isEqualTo(SarifWriter.MAX_RESULTS_PER_RUN);
    assertThat(ruleIds).isEqualTo(SarifWriter.MAX_RESULTS_PER_RUN);
    assertThat(lastText).isEqualTo("message 24999");
  }

  @Test
  void unwritableTargetIsAClearError() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> SarifWriter.write(List.of(), file.resolve("out.sarif")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Could not write SARIF report");
  }

  @Test
  void invocationsAndFailedRunsHaveNoResults() throws Exception {
    ToolRun ok = new ToolRun("ruff", "0.17.6", null, null, List.of(ruffF401()));
    ToolRun failed = ToolRun.failed("trivy", "0.68.2", "https://trivy.dev", "DB download failed");
    assertThat(failed.security()).isTrue();
    assertThat(failed.succeeded()).isFalse();

    JsonNode root = write(List.of(ok, failed));

    assertThat(root.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isTrue();
    assertThat(root.at("/runs/0/invocations/0").has("toolExecutionNotifications")).isFalse();
    assertThat(root.at("/runs/0/results")).hasSize(1);
    JsonNode run = root.at("/runs/1");
    assertThat(run.at("/invocations/0/executionSuccessful").asBoolean()).isFalse();
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/level").asText())
        .isEqualTo("error");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .isEqualTo("DB download failed");
    assertThat(run.has("results")).as("results not computed").isFalse();
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("trivy");
    assertThatThrownBy(() -> ToolRun.failed("x", null, null, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toolRunConstructorsAndSecurityInference() {
    assertThat(new ToolRun("Bandit", null, null, null, null).security()).isTrue();
    assertThat(new ToolRun("ruff", null, null, null, null).security()).isFalse();
    assertThat(new ToolRun("ruff", null, null, null, null, true).security()).isTrue();
    assertThat(new ToolRun("ruff", null, null, null, null).withSecurity(true).security()).isTrue();
    assertThat(new ToolRun("ruff", " ", " ", null, null).version()).isNull();
    assertThatThrownBy(() -> new ToolRun(" ", null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void absolutePathsBecomeFileUrisWithoutBase() throws Exception {
    Finding unix = Finding.builder("mypy", "misc").file("/usr/lib/python3/x y.py").line(4).build();
    Finding windows = Finding.builder("mypy", "misc").file("C:\\work\\a.py").line(5).build();
    JsonNode results =
        write(List.of(new ToolRun("mypy", null, null, null, List.of(unix, windows))))
            .at("/runs/0/results");
    JsonNode first = results.at("/0/locations/0/physicalLocation/artifactLocation");
    assertThat(first.get("uri").asText()).isEqualTo("file:///usr/lib/python3/x%20y.py");
    assertThat(first.has("uriBaseId")).isFalse();
    JsonNode second = results.at("/1/locations/0/physicalLocation/artifactLocation");
    assertThat(second.get("uri").asText()).isEqualTo("file:///C:/work/a.py");
    assertThat(second.has("uriBaseId")).isFalse();
  }
}
