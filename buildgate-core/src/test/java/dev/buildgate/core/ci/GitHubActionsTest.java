package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHubActionsTest {

  final GitHubActions github = new GitHubActions();
  @TempDir Path tmp;

  @Test
  void detectedByGithubActionsTrueOnly() {
    assertThat(github.id()).isEqualTo("github");
    assertThat(detects(github, "GITHUB_ACTIONS", "true")).isTrue();
    assertThat(detects(github, "GITHUB_ACTIONS", "false")).isFalse();
    assertThat(detects(github, "GITHUB_SHA", "abc")).isFalse();
  }

  @Test
  void pullRequestNumberAndDefaultBranchFromTheEventFile() throws Exception {
    Path event = tmp.resolve("event.json");
    Files.writeString(
        event,
        "{\"pull_request\": {\"number\": 17}, \"repository\": {\"default_branch\": \"trunk\"}}");
    CiFields f =
        read(
            github,
            "GITHUB_EVENT_NAME",
            "pull_request_target",
            "GITHUB_EVENT_PATH",
            event.toString(),
            "GITHUB_REF",
            "refs/heads/feat/x",
            "GITHUB_HEAD_REF",
            "feat/y",
            "GITHUB_BASE_REF",
            "trunk",
            "GITHUB_REPOSITORY",
            "Acme/Shop");
    assertThat(f.event).isEqualTo(CiEvent.PULL_REQUEST);
    assertThat(f.pullRequest).isEqualTo(17);
    assertThat(f.branch).isEqualTo("feat/y");
    assertThat(f.baseBranch).isEqualTo("trunk");
    assertThat(f.defaultBranch).isEqualTo("trunk");
    assertThat(f.owner).isEqualTo("Acme");
  }

  @Test
  void unreadableEventFileFallsBackToTheMergeRef() throws Exception {
    Path event = tmp.resolve("event.json");
    Files.writeString(event, "{not json");
    CiFields f =
        read(
            github,
            "GITHUB_EVENT_NAME",
            "pull_request",
            "GITHUB_EVENT_PATH",
            event.toString(),
            "GITHUB_REF",
            "refs/pull/9/merge");
    assertThat(f.pullRequest).isEqualTo(9);
    assertThat(f.defaultBranch).isNull();
  }

  @Test
  void releaseTakesTheTagFromTheEventFile() throws Exception {
    Path event = tmp.resolve("event.json");
    Files.writeString(event, "{\"release\": {\"tag_name\": \"v2.0.0\"}}");
    CiFields f =
        read(
            github,
            "GITHUB_EVENT_NAME",
            "release",
            "GITHUB_EVENT_PATH",
            event.toString(),
            "GITHUB_REF",
            "refs/heads/main");
    assertThat(f.event).isEqualTo(CiEvent.TAG);
    assertThat(f.tag).isEqualTo("v2.0.0");
  }

  @Test
  void dispatchAndScheduleEvents() {
    assertThat(read(github, "GITHUB_EVENT_NAME", "repository_dispatch").event)
        .isEqualTo(CiEvent.MANUAL);
    assertThat(read(github, "GITHUB_EVENT_NAME", "schedule").event).isEqualTo(CiEvent.SCHEDULE);
    assertThat(read(github, "GITHUB_REF", "refs/tags/v1").event).isEqualTo(CiEvent.TAG);
  }
}
