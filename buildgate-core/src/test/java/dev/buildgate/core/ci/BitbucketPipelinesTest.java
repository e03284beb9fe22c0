package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitbucketPipelinesTest {

  final BitbucketPipelines bitbucket = new BitbucketPipelines();

  @Test
  void detectedByBuildNumberOrCommit() {
    assertThat(bitbucket.id()).isEqualTo("bitbucket");
    assertThat(detects(bitbucket, "BITBUCKET_BUILD_NUMBER", "3")).isTrue();
    assertThat(detects(bitbucket, "BITBUCKET_COMMIT", "abc")).isTrue();
    assertThat(detects(bitbucket, "BITBUCKET_BRANCH", "main")).isFalse();
  }

  @Test
  void pullRequestWithDestinationAndWorkspaceOwner() {
    CiFields f =
        read(
            bitbucket,
            "BITBUCKET_PR_ID",
            "4",
            "BITBUCKET_BRANCH",
            "feat/q",
            "BITBUCKET_PR_DESTINATION_BRANCH",
            "main",
            "BITBUCKET_REPO_FULL_NAME",
            "team/app",
            "BITBUCKET_WORKSPACE",
            "workspace",
            "BITBUCKET_PIPELINE_UUID",
            "{uuid}");
    assertThat(f.event).isEqualTo(CiEvent.PULL_REQUEST);
    assertThat(f.pullRequest).isEqualTo(4);
    assertThat(f.baseBranch).isEqualTo("main");
    assertThat(f.owner).isEqualTo("workspace");
    assertThat(f.runId).isEqualTo("{uuid}");
  }
}
