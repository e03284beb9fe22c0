package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.ci.GitHubWorkflow;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** GitHub annotations, GitLab Code Quality and the JUnit file per gate. */
class CiReportsTest {

  @TempDir Path tmp;

  @BeforeEach
  @AfterEach
  void newStep() {
    GitHubAnnotations.resetBudget();
  }

  static Finding f(String rule, Severity s, String file, int line, String msg) {
    return Finding.builder("ruff", rule)
        .severity(s)
        .file(file)
        .line(line)
        .column(line > 0 ? 2 : 0)
        .message(msg)
        .build();
  }

  static List<String> print(List<Finding> findings, int[] left) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    left[0] = GitHubAnnotations.print(out, findings);
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void annotationIsOneEscapedWorkflowCommand() {
    int[] left = {0};
    List<String> lines =
        print(
            List.of(
                f("S1", Severity.HIGH, "app/a,b:c.py", 7, "100% wrong\nsecond line"),
                f("E1", Severity.MEDIUM, "app/x.py", 0, "no line"),
                f("I1", Severity.INFO, null, 0, "")),
            left);
    assertThat(lines)
        .containsExactly(
            "::error file=app/a%2Cb%3Ac.py,line=7,col=2,title=ruff S1::100%25 wrong%0Asecond line",
            "::warning file=app/x.py,title=ruff E1::no line", "::notice title=ruff I1::I1");
    assertThat(left[0]).isZero();
  }

  @Test
  void tenOfEachKindPerStepMostSevereFirstAcrossCalls() {
    List<Finding> many = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      many.add(f("W" + i, Severity.LOW, "a.py", i, "w"));
      many.add(f("E" + i, i == 12 ? Severity.CRITICAL : Severity.HIGH, "a.py", i, "e"));
    }
    int[] left = {0};
    List<String> first = print(many, left);
    assertThat(first).hasSize(20);
    assertThat(first.stream().filter(l -> l.startsWith("::error ")).count()).isEqualTo(10);
    assertThat(first.get(0)).contains("title=ruff E12"); // the CRITICAL one first
    assertThat(left[0]).isEqualTo(4);
    // a later gate of the same step (another plugin) finds the budget spent
    List<String> second = print(List.of(f("E99", Severity.HIGH, "b.py", 1, "e")), left);
    assertThat(second).isEmpty();
    assertThat(left[0]).isEqualTo(1);
  }

  @Test
  void gitHubActionsIsDetectedFromTheEnvironment() {
    assertThat(GitHubWorkflow.active(Map.of("GITHUB_ACTIONS", "true"))).isTrue();
    assertThat(GitHubWorkflow.active(Map.of("GITHUB_ACTIONS", "false"))).isFalse();
    assertThat(GitHubWorkflow.active(Map.of("GITLAB_CI", "true"))).isFalse();
  }

  @Test
  void codeQualityReportHasGitLabsFieldsAndUniqueFingerprints() throws Exception {
    Path dir = tmp.resolve("quality");
    int n =
        CodeQualityReport.write(
            List.of(
                f("F401", Severity.MEDIUM, "app/a.py", 3, "`os`  imported\nbut unused"),
                f("F401", Severity.MEDIUM, "app/a.py", 9, "`os`  imported\nbut unused"),
                f("X1", Severity.HIGH, null, 0, "no file")),
            dir.resolve("ruff" + CodeQualityReport.PART_SUFFIX));
    CodeQualityReport.write(
        List.of(
            Finding.builder("bandit", "B602")
                .severity(Severity.CRITICAL)
                .file("app/b.py")
                .line(4)
                .build()),
        dir.resolve("bandit" + CodeQualityReport.PART_SUFFIX));
    assertThat(n).isEqualTo(2);

    Path merged = tmp.resolve(CodeQualityReport.FILE_NAME);
    assertThat(CodeQualityReport.merge(dir, merged)).isEqualTo(3);

    JsonNode all = new ObjectMapper().readTree(merged.toFile());
    assertThat(all).hasSize(3);
    JsonNode first = all.get(0); // bandit's part sorts first
    assertThat(first.get("check_name").asText()).isEqualTo("bandit/B602");
    assertThat(first.get("severity").asText()).isEqualTo("blocker");
    JsonNode ruff = all.get(1);
    assertThat(ruff.get("description").asText()).isEqualTo("[ruff] `os` imported but unused");
    assertThat(ruff.get("severity").asText()).isEqualTo("major");
    assertThat(ruff.at("/location/path").asText()).isEqualTo("app/a.py");
    assertThat(ruff.at("/location/lines/begin").asInt()).isEqualTo(3);
    assertThat(all.findValuesAsText("fingerprint")).doesNotHaveDuplicates();
  }

  @Test
  void containerScanningReportJoinsTheImagesParts() throws Exception {
    Finding vuln =
        Finding.builder("trivy", "CVE-2099-10001")
            .severity(Severity.HIGH)
            .file("local/shop/backend")
            .line(1)
            .message("openssl: fixable")
            .helpUri("https://avd.aquasec.com/nvd/cve-2099-10001")
            .property("package", "openssl")
            .property("installedVersion", "3.0.15-1")
            .property("fixedVersion", "3.0.15-2")
            .build();
    Path dir = tmp.resolve("docker");
    ContainerScanningReport.writePart(
        List.of(vuln),
        "local/shop/backend:pr-7",
        "debian 12.8",
        dir.resolve("trivy-backend" + ContainerScanningReport.PART_SUFFIX));
    ContainerScanningReport.writePart(
        List.of(),
        "local/shop/frontend:pr-7",
        null,
        dir.resolve("trivy-frontend" + ContainerScanningReport.PART_SUFFIX));
    Path out = tmp.resolve(ContainerScanningReport.FILE_NAME);
    java.time.LocalDateTime t = java.time.LocalDateTime.of(2026, 12, 4, 18, 0, 0);

    assertThat(ContainerScanningReport.merge(dir, out, "0.68.2", "0.1.0", t, t.plusSeconds(3)))
        .isEqualTo(1);

    JsonNode r = new ObjectMapper().readTree(out.toFile());
    assertThat(r.get("version").asText()).isEqualTo(ContainerScanningReport.SCHEMA_VERSION);
    assertThat(r.at("/scan/type").asText()).isEqualTo("container_scanning");
    assertThat(r.at("/scan/scanner/id").asText()).isEqualTo("trivy");
    assertThat(r.at("/scan/scanner/vendor/name").asText()).isNotBlank();
    assertThat(r.at("/scan/analyzer/version").asText()).isEqualTo("0.1.0");
    assertThat(r.at("/scan/start_time").asText()).isEqualTo("2026-12-04T18:00:00");
    assertThat(r.at("/scan/status").asText()).isEqualTo("success");
    JsonNode v = r.at("/vulnerabilities/0");
    assertThat(v.get("id").asText()).hasSize(36); // a UUID, stable across runs
    assertThat(v.get("severity").asText()).isEqualTo("High");
    assertThat(v.get("solution").asText()).isEqualTo("Upgrade openssl to 3.0.15-2");
    assertThat(v.at("/identifiers/0/type").asText()).isEqualTo("cve");
    assertThat(v.at("/identifiers/0/value").asText()).isEqualTo("CVE-2099-10001");
    assertThat(v.at("/location/dependency/package/name").asText()).isEqualTo("openssl");
    assertThat(v.at("/location/dependency/version").asText()).isEqualTo("3.0.15-1");
    assertThat(v.at("/location/operating_system").asText()).isEqualTo("debian 12.8");
    assertThat(v.at("/location/image").asText()).isEqualTo("local/shop/backend:pr-7");
    assertThat(r.get("remediations")).isEmpty();
  }

  @Test
  void everySummarySectionIsAJUnitTestCase() throws Exception {
    PipelineSummary summary = new PipelineSummary(tmp, "shop");
    summary.section(
        "quality-ruff",
        "Ruff (ruff)",
        StepStatus.FAILED,
        "ruff: 2 findings \\(2 new\\), FAILED\n\n| a | b |\n| 1 & 2 | \u001b[31m |");
    summary.section("docs-build", "Docs", StepStatus.SKIPPED, "buildgate.docs.skip is set");
    summary.section("docker-build", "Docker images", StepStatus.PASSED, "");

    Element ruff = testcase(summary.junitFile("quality-ruff"));
    assertThat(ruff.getAttribute("classname")).isEqualTo("buildgate.shop");
    assertThat(ruff.getAttribute("name")).isEqualTo("Ruff (ruff)");
    Element failure = (Element) ruff.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("ruff: 2 findings (2 new), FAILED");
    assertThat(failure.getTextContent()).contains("| 1 & 2 |");
    assertThat(summary.junitFile("quality-ruff")).hasFileName("quality-ruff.xml");
    assertThat(summary.junitFile("quality-ruff").getParent()).isEqualTo(tmp.resolve("junit"));

    Element docs = testcase(summary.junitFile("docs-build"));
    assertThat(((Element) docs.getElementsByTagName("skipped").item(0)).getAttribute("message"))
        .isEqualTo("buildgate.docs.skip is set");
    Element build = testcase(summary.junitFile("docker-build"));
    assertThat(build.getElementsByTagName("failure").getLength()).isZero();
    assertThat(build.getElementsByTagName("skipped").getLength()).isZero();

    // a gate that passes on the next run replaces its failure
    summary.section("quality-ruff", "Ruff (ruff)", StepStatus.PASSED, "ruff: 0 findings");
    assertThat(Files.readString(summary.junitFile("quality-ruff"))).doesNotContain("<failure");
  }

  static Element testcase(Path xml) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element suite = d.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo("1");
    return (Element) suite.getElementsByTagName("testcase").item(0);
  }
}
