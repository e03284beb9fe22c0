package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportWriterTest {

  @TempDir Path tmp;

  @Test
  void writesRunsSummariesAndFindings() throws Exception {
    Finding high =
        Finding.builder("bandit", "B602")
            .severity(Severity.HIGH)
            .file("app/run.py")
            .line(10)
            .column(4)
            .message("shell=True")
            .helpUri("https://example.com/b602")
            .property("confidence", "HIGH")
            .build();
    Finding low = Finding.builder("bandit", "B101").severity(Severity.LOW).build();
    Finding med = Finding.builder("ruff", "F401").file("x.py").line(1).build();
    Path out = tmp.resolve("out/findings.json");

    JsonReportWriter.write(
        List.of(
            new ToolRun("bandit", "1.9.4", null, null, List.of(high, low)),
            new ToolRun("ruff", null, null, null, List.of(med))),
        out);

    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertThat(root.get("format").asText()).isEqualTo("buildgate-findings");
    assertThat(root.get("version").asInt()).isEqualTo(1);
    assertThat(root.at("/summary/total").asInt()).isEqualTo(3);
    assertThat(root.at("/summary/HIGH").asInt()).isEqualTo(1);
    assertThat(root.at("/summary/MEDIUM").asInt()).isEqualTo(1);
    assertThat(root.at("/summary/LOW").asInt()).isEqualTo(1);
    assertThat(root.at("/summary/CRITICAL").asInt()).isZero();
    assertThat(root.get("runs")).hasSize(2);

    JsonNode bandit = root.at("/runs/0");
    assertThat(bandit.get("tool").asText()).isEqualTo("bandit");
    assertThat(bandit.get("version").asText()).isEqualTo("1.9.4");
    assertThat(bandit.get("informationUri").isNull()).isTrue();
    assertThat(bandit.at("/summary/total").asInt()).isEqualTo(2);
    JsonNode f = bandit.at("/findings/0");
    assertThat(f.get("tool").asText()).isEqualTo("bandit");
    assertThat(f.get("ruleId").asText()).isEqualTo("B602");
    assertThat(f.get("severity").asText()).isEqualTo("HIGH");
    assertThat(f.get("file").asText()).isEqualTo("app/run.py");
    assertThat(f.get("line").asInt()).isEqualTo(10);
    assertThat(f.get("column").asInt()).isEqualTo(4);
    assertThat(f.get("message").asText()).isEqualTo("shell=True");
    assertThat(f.get("fingerprint").asText()).isEqualTo(high.fingerprint());
    assertThat(f.get("helpUri").asText()).isEqualTo("https://example.com/b602");
    assertThat(f.at("/properties/confidence").asText()).isEqualTo("HIGH");
    assertThat(bandit.at("/findings/1/file").isNull()).isTrue();
    assertThat(root.at("/runs/1/version").isNull()).isTrue();
    assertThat(bandit.get("succeeded").asBoolean()).isTrue();
    assertThat(bandit.get("executionError").isNull()).isTrue();
  }
}
