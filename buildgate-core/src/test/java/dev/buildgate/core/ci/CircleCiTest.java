package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CircleCiTest {

  final CircleCi circle = new CircleCi();

  @Test
  void detectedByCircleci() {
    assertThat(circle.id()).isEqualTo("circleci");
    assertThat(detects(circle, "CIRCLECI", "1")).isTrue();
    assertThat(detects(circle, "CIRCLECI", "no")).isFalse();
  }

  @Test
  void pullRequestNumberFromTheUrlAndRepositoryFromTheRemote() {
    CiFields f =
        read(
            circle,
            "CIRCLE_PULL_REQUEST",
            "https://github.com/acme/shop/pull/77/",
            "CIRCLE_BRANCH",
            "feat/x",
            "CIRCLE_REPOSITORY_URL",
            "git@github.com:acme/shop.git");
    assertThat(f.event).isEqualTo(CiEvent.PULL_REQUEST);
    assertThat(f.pullRequest).isEqualTo(77);
    assertThat(f.repository).isEqualTo("acme/shop");
  }

  @Test
  void tagAndRunId() {
    CiFields f = read(circle, "CIRCLE_TAG", "v3", "CIRCLE_BUILD_NUM", "5");
    assertThat(f.event).isEqualTo(CiEvent.TAG);
    assertThat(f.runId).isEqualTo("5");
  }
}
