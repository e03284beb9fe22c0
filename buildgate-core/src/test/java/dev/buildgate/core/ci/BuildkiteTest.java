package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildkiteTest {

  final Buildkite buildkite = new Buildkite();

  @Test
  void detectedByBuildkiteTrue() {
    assertThat(buildkite.id()).isEqualTo("buildkite");
    assertThat(detects(buildkite, "BUILDKITE", "true")).isTrue();
    assertThat(detects(buildkite, "BUILDKITE_BRANCH", "main")).isFalse();
  }

  @Test
  void pullRequestFalseIsAPushAndARefIsNoCommit() {
    CiFields f =
        read(
            buildkite,
            "BUILDKITE_PULL_REQUEST",
            "false",
            "BUILDKITE_BRANCH",
            "main",
            "BUILDKITE_COMMIT",
            "HEAD");
    assertThat(f.event).isEqualTo(CiEvent.PUSH);
    assertThat(f.pullRequest).isNull();
    assertThat(f.invalidPullRequest).isNull();
    assertThat(f.sha).isNull();
  }

  @Test
  void sourcesAndRepositoryFromTheRemote() {
    CiFields f =
        read(
            buildkite,
            "BUILDKITE_SOURCE",
            "trigger_job",
            "BUILDKITE_COMMIT",
            "ABCDEF1",
            "BUILDKITE_REPO",
            "git@github.com:acme/shop.git");
    assertThat(f.event).isEqualTo(CiEvent.MANUAL);
    assertThat(f.sha).isEqualTo("abcdef1");
    assertThat(f.repository).isEqualTo("acme/shop");
    assertThat(f.owner).isEqualTo("acme");
  }
}
