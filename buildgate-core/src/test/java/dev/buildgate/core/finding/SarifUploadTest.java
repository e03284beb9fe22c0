package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SARIF files are valid SARIF 2.1.0 and one folder of them is a valid GitHub upload. */
class SarifUploadTest {

  @TempDir Path tmp;

  static Finding finding(String tool, String rule, Severity s, String file, int line) {
    return Finding.builder(tool, rule)
        .severity(s)
        .file(file)
        .line(line)
        .column(line > 0 ? 5 : 0)
        .message(rule + " in " + file + " (50% sure: a, b)")
        .build();
  }

  /** The files the quality and scan gates write, each in its own category. */
  void writeGateReports(Path dir) {
    SarifWriter.write(
        List.of(
            new ToolRun(
                "ruff",
                "0.14.5",
                "https://docs.astral.sh/ruff",
                List.of(new Rule("F401", "unused-import", "Unused import", null, Severity.MEDIUM)),
                List.of(
                    finding("ruff", "F401", Severity.MEDIUM, "backend/app/x.py", 3),
                    finding("ruff", "E501", Severity.LOW, "backend/app/dir with space/y.py", 9)))),
        "buildgate/quality/ruff",
        dir.resolve("quality/ruff.sarif"));
    SarifWriter.write(
        List.of(
            new ToolRun(
                "bandit",
                "1.9.4",
                null,
                List.of(),
                List.of(finding("bandit", "B602", Severity.HIGH, "backend/app/x.py", 7)))),
        "buildgate/quality/bandit",
        dir.resolve("quality/bandit.sarif"));
    SarifWriter.write(
        List.of(ToolRun.failed("mypy", "1.18.2", null, "mypy crashed")),
        "buildgate/quality/mypy/",
        dir.resolve("quality/mypy.sarif"));
    for (String image : List.of("backend", "frontend")) {
      SarifWriter.write(
          List.of(
              new ToolRun(
                  "trivy",
                  "0.58.1",
                  "https://trivy.dev",
                  List.of(),
                  List.of(
                      finding("trivy", "CVE-2099-1", Severity.CRITICAL, "local/" + image, 1)
                          .toBuilder()
                          .property("security-severity", "9.8")
                          .build()),
                  true)),
          "buildgate/docker/scan/" + image,
          dir.resolve("docker/trivy-" + image + ".sarif"));
    }
  }

  @Test
  void gateReportsAreValidSarifAndOneValidUpload() throws Exception {
    writeGateReports(tmp);
    assertThat(GitHubSarifRules.violations(tmp)).isEmpty();
    JsonNode ruff = new ObjectMapper().readTree(tmp.resolve("quality/ruff.sarif").toFile());
    assertThat(ruff.at("/runs/0/automationDetails/id").asText())
        .isEqualTo("buildgate/quality/ruff/");
    assertThat(
            ruff.at("/runs/0/results/1/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("backend/app/dir%20with%20space/y.py");
  }

  @Test
  void rulesCatchWhatGitHubRejects() throws Exception {
    writeGateReports(tmp);
    // the old layout: a combined file repeating the runs of each analyzer, trivy files without
    // categories
    List<ToolRun> both =
        List.of(
            new ToolRun("ruff", null, null, List.of(), List.of()),
            new ToolRun("bandit", null, null, List.of(), List.of()));
    SarifWriter.write(both, "buildgate/quality/ruff", tmp.resolve("quality/quality.sarif"));
    SarifWriter.write(both, tmp.resolve("docker/trivy-old.sarif"));
    Files.writeString(tmp.resolve("broken.sarif"), "{\"version\": \"2.1.0\", \"runs\": [{}]}");

    List<String> v = GitHubSarifRules.violations(tmp);

    assertThat(v)
        .anyMatch(s -> s.contains("a second run of ruff in category 'buildgate/quality/ruff/'"))
        .anyMatch(s -> s.contains("trivy-old.sarif: run of ruff has no automationDetails.id"))
        .anyMatch(s -> s.startsWith("broken.sarif: ") && s.contains("tool"));
  }

  @Test
  void aRunKeepsTheMostSevereResultsWithinGitHubsLimit() throws Exception {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < SarifWriter.MAX_RESULTS_PER_RUN; i++) {
      many.add(finding("ruff", "E" + (i % 50), Severity.LOW, "a" + (i % 97) + ".py", i + 1));
    }
    many.add(finding("ruff", "S1", Severity.CRITICAL, "z.py", 1));
    Collections.shuffle(many, new java.util.Random(1));
    Path out = tmp.resolve("big/ruff.sarif");
    SarifWriter.write(
        List.of(new ToolRun("ruff", null, null, List.of(), many)), "buildgate/quality/ruff", out);

    // (not schema-validated: 25,000 results take the validator many seconds; the shape is the same)
    JsonNode run = new ObjectMapper().readTree(out.toFile()).at("/runs/0");
    assertThat(run.path("results")).hasSize(SarifWriter.MAX_RESULTS_PER_RUN);
    assertThat(run.path("results").findValuesAsText("ruleId")).contains("S1");
    assertThat(run.at("/invocations/0/toolExecutionNotifications/0/message/text").asText())
        .startsWith("1 less severe results left out");
  }

  @Test
  void moreRunsThanGitHubAcceptsInAFileIsRefused() {
    List<ToolRun> runs = new ArrayList<>();
    for (int i = 0; i <= SarifWriter.MAX_RUNS_PER_FILE; i++) {
      runs.add(new ToolRun("tool" + i, null, null, List.of(), List.of()));
    }
    assertThatThrownBy(() -> SarifWriter.write(runs, "c", tmp.resolve("x.sarif")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 20");
  }
}
