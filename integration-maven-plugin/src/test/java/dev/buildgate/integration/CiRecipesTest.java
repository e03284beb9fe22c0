package dev.buildgate.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.finding.CodeQualityReport;
import dev.buildgate.core.finding.ContainerScanningReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The structure of the CI recipes in {@code examples/ci/}: what their CI would reject or silently
 * ignore. The GitLab file cannot run here (gitlab-ci-local needs the job and dind images from a
 * registry), so its keys are checked; the GitHub workflow is also linted by actionlint in CI
 * ({@code .ci/lint-ci-recipes.sh}); the Maven command of each runs in the ci-* invoker projects.
 */
class CiRecipesTest {

  static final Path EXAMPLES = Path.of("..", "examples", "ci");

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String file) throws Exception {
    return (Map<String, Object>) new Yaml().load(Files.readString(EXAMPLES.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  @Test
  @SuppressWarnings("unchecked")
  void gitLabJobTalksToDindOverTlsAndHandsGitLabItsReports() throws Exception {
    Map<String, Object> ci = yaml("gitlab/.gitlab-ci.yml");
    Map<String, Object> vars = map(ci.get("variables"));
    assertThat(vars)
        .containsEntry("DOCKER_HOST", "tcp://docker:2376")
        .containsEntry("DOCKER_TLS_CERTDIR", "/certs")
        .containsEntry("DOCKER_CERT_PATH", "/certs/client")
        .containsEntry("DOCKER_TLS_VERIFY", "1");
    Map<String, Object> job = map(ci.get("pipeline"));
    assertThat((List<String>) ci.get("stages")).contains((String) job.get("stage"));
    Map<String, Object> service = map(((List<Object>) job.get("services")).get(0));
    assertThat((String) service.get("name")).startsWith("docker:").endsWith("-dind");
    assertThat(service.get("alias")).isEqualTo("docker");
    assertThat(String.join("\n", (List<String>) job.get("script"))).contains("./mvnw -B \"$GOAL\"");
    List<Object> goals = new ArrayList<>();
    for (Object rule : (List<Object>) job.get("rules")) {
      goals.add(map(map(rule).get("variables")).get("GOAL"));
    }
    assertThat(goals).containsExactly("verify", "deploy");
    Map<String, Object> artifacts = map(job.get("artifacts"));
    assertThat(artifacts.get("when")).isEqualTo("always");
    Map<String, Object> reports = map(artifacts.get("reports"));
    assertThat(reports)
        .containsEntry("junit", "target/buildgate/junit/*.xml")
        .containsEntry("codequality", "target/buildgate/" + CodeQualityReport.FILE_NAME)
        .containsEntry(
            "container_scanning", "target/buildgate/" + ContainerScanningReport.FILE_NAME);
  }

  @Test
  @SuppressWarnings("unchecked")
  void gitHubWorkflowUploadsEachCategoryOnItsOwn() throws Exception {
    Map<String, Object> wf = yaml("github/buildgate.yml");
    assertThat(map(wf.get("permissions"))).containsEntry("security-events", "write");
    Map<String, Object> job = map(map(wf.get("jobs")).get("pipeline"));
    List<String> categories = new ArrayList<>();
    boolean setupJava = false;
    for (Object o : (List<Object>) job.get("steps")) {
      Map<String, Object> step = map(o);
      String uses = String.valueOf(step.get("uses"));
      if (uses.startsWith("actions/setup-java")) {
        setupJava = "maven".equals(map(step.get("with")).get("cache"));
      }
      if (uses.startsWith("github/codeql-action/upload-sarif")) {
        Map<String, Object> with = map(step.get("with"));
        String file = (String) with.get("sarif_file");
        String category = (String) with.get("category");
        assertThat(file).endsWith(".sarif"); // one file, never the folder
        assertThat(String.valueOf(step.get("if"))).startsWith("always()").contains(file);
        // the category the file carries (QualityRunner / ScanSarif), without the trailing '/'
        String name = Path.of(file).getFileName().toString().replace(".sarif", "");
        assertThat(category)
            .isEqualTo(
                file.contains("/quality/")
                    ? "buildgate/quality/" + name
                    : "buildgate/docker/scan/" + name.replace("trivy-", ""));
        categories.add(category);
      }
    }
    assertThat(setupJava).as("setup-java with the Maven cache").isTrue();
    assertThat(categories).doesNotHaveDuplicates().hasSize(5);
  }

  @Test
  void jenkinsfileRecordsTheGatesAsTests() throws Exception {
    String jf = Files.readString(EXAMPLES.resolve("jenkins/Jenkinsfile"));
    assertThat(jf)
        .contains("junit testResults: 'target/buildgate/junit/*.xml'")
        .contains("recordIssues")
        .contains("sarif(pattern: 'target/buildgate/**/*.sarif')")
        .contains("archiveArtifacts artifacts: 'target/buildgate/**'")
        .contains("./mvnw -B ${env.CHANGE_ID ? 'verify' : 'deploy'}");
  }
}
