package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitLabCiTest {

  final GitLabCi gitlab = new GitLabCi();

  @Test
  void detectedByGitlabCi() {
    assertThat(gitlab.id()).isEqualTo("gitlab");
    assertThat(detects(gitlab, "GITLAB_CI", "true")).isTrue();
    assertThat(detects(gitlab, "CI", "true")).isFalse();
  }

  @Test
  void externalPullRequestReadsItsOwnVariables() {
    CiFields f =
        read(
            gitlab,
            "CI_PIPELINE_SOURCE",
            "external_pull_request_event",
            "CI_EXTERNAL_PULL_REQUEST_IID",
            "31",
            "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
            "feat/ext",
            "CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME",
            "main",
            "CI_COMMIT_REF_NAME",
            "ignored");
    assertThat(f.event).isEqualTo(CiEvent.PULL_REQUEST);
    assertThat(f.pullRequest).isEqualTo(31);
    assertThat(f.branch).isEqualTo("feat/ext");
    assertThat(f.baseBranch).isEqualTo("main");
  }

  @Test
  void pipelineSourcesMapToEvents() {
    assertThat(read(gitlab, "CI_PIPELINE_SOURCE", "chat").event).isEqualTo(CiEvent.MANUAL);
    assertThat(read(gitlab, "CI_PIPELINE_SOURCE", "schedule").event).isEqualTo(CiEvent.SCHEDULE);
    assertThat(read(gitlab, "CI_PIPELINE_SOURCE", "push", "CI_COMMIT_TAG", "v1").event)
        .isEqualTo(CiEvent.TAG);
    CiFields push = read(gitlab, "CI_PIPELINE_SOURCE", "push", "CI_COMMIT_REF_NAME", "dev");
    assertThat(push.event).isEqualTo(CiEvent.PUSH);
    assertThat(push.branch).isEqualTo("dev");
  }

  @Test
  void nonNumericMergeRequestIidIsRecordedAsAnError() {
    CiFields f = read(gitlab, "CI_MERGE_REQUEST_IID", "abc");
    assertThat(f.pullRequest).isNull();
    assertThat(f.invalidPullRequest)
        .isEqualTo(
            "CI variable CI_MERGE_REQUEST_IID='abc' is not a pull request number: set"
                + " buildgate.ci.pullRequest=<number> (or buildgate.ci.event=push)");
  }
}
