package dev.buildgate.docs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.ci.CiDetector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployGateTest {

  @TempDir Path tmp;

  private String why(Map<String, String> overrides) {
    return DeployGate.whyNot(CiDetector.detect(Map.of(), overrides, tmp));
  }

  @Test
  void onlyAPushToTheDefaultBranchDeploys() {
    assertThat(
            why(
                Map.of(
                    "buildgate.ci.event", "push",
                    "buildgate.ci.branch", "main",
                    "buildgate.ci.defaultBranch", "main")))
        .isNull();
    assertThat(
            why(
                Map.of(
                    "buildgate.ci.event", "push",
                    "buildgate.ci.branch", "feature/x",
                    "buildgate.ci.defaultBranch", "main")))
        .contains("branch 'feature/x' is not the default branch 'main'");
    assertThat(
            why(
                Map.of(
                    "buildgate.ci.event", "pull_request",
                    "buildgate.ci.pullRequest", "42",
                    "buildgate.ci.branch", "main",
                    "buildgate.ci.defaultBranch", "main")))
        .contains("pull request #42");
    assertThat(
            why(
                Map.of(
                    "buildgate.ci.event", "tag",
                    "buildgate.ci.tag", "v1.2.3",
                    "buildgate.ci.defaultBranch", "main")))
        .contains("event is TAG");
  }
}
