package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AzurePipelinesTest {

  final AzurePipelines azure = new AzurePipelines();

  @Test
  void detectedByTfBuild() {
    assertThat(azure.id()).isEqualTo("azure");
    assertThat(detects(azure, "TF_BUILD", "True")).isTrue();
    assertThat(detects(azure, "BUILD_REASON", "Manual")).isFalse();
  }

  @Test
  void pullRequestFromTheMergeRefWithHeadsStripped() {
    CiFields f =
        read(
            azure,
            "BUILD_REASON",
            "PullRequest",
            "BUILD_SOURCEBRANCH",
            "refs/pull/8/merge",
            "SYSTEM_PULLREQUEST_SOURCEBRANCH",
            "refs/heads/feat/z",
            "SYSTEM_PULLREQUEST_TARGETBRANCH",
            "refs/heads/main");
    assertThat(f.event).isEqualTo(CiEvent.PULL_REQUEST);
    assertThat(f.pullRequest).isEqualTo(8);
    assertThat(f.branch).isEqualTo("feat/z");
    assertThat(f.baseBranch).isEqualTo("main");
  }

  @Test
  void repositoryWithoutOwnerGetsTheTeamProject() {
    CiFields f =
        read(
            azure,
            "BUILD_SOURCEBRANCH",
            "refs/tags/v1.0.0",
            "BUILD_REPOSITORY_NAME",
            "shop",
            "SYSTEM_TEAMPROJECT",
            "Acme");
    assertThat(f.event).isEqualTo(CiEvent.TAG);
    assertThat(f.tag).isEqualTo("v1.0.0");
    assertThat(f.repository).isEqualTo("Acme/shop");
    assertThat(f.owner).isEqualTo("Acme");
  }
}
