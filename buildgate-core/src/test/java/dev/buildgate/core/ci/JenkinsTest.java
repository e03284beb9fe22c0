package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiProviderTesting.detects;
import static dev.buildgate.core.ci.CiProviderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JenkinsTest {

  final Jenkins jenkins = new Jenkins();

  @Test
  void detectedByJenkinsUrlOrHome() {
    assertThat(jenkins.id()).isEqualTo("jenkins");
    assertThat(detects(jenkins, "JENKINS_URL", "http://j/")).isTrue();
    assertThat(detects(jenkins, "JENKINS_HOME", "/var/jenkins")).isTrue();
    assertThat(detects(jenkins, "JENKINS_URL", " ")).isFalse();
  }

  @Test
  void gitBranchLosesOriginAndRepositoryComesFromChangeUrl() {
    CiFields f =
        read(
            jenkins,
            "GIT_BRANCH",
            "origin/feature/a",
            "CHANGE_URL",
            "https://github.com/acme/shop/pull/12");
    assertThat(f.branch).isEqualTo("feature/a");
    assertThat(f.repository).isEqualTo("acme/shop");
    assertThat(f.owner).isEqualTo("acme");
  }

  @Test
  void causeFlagsMakeManualAndTimerBuilds() {
    assertThat(read(jenkins, "BUILD_CAUSE_MANUALTRIGGER", "true").event).isEqualTo(CiEvent.MANUAL);
    assertThat(read(jenkins, "BUILD_CAUSE", "timertrigger").event).isEqualTo(CiEvent.SCHEDULE);
    assertThat(read(jenkins, "BRANCH_NAME", "main").event).isEqualTo(CiEvent.PUSH);
  }

  @Test
  void tagBuildHasNoBranch() {
    CiFields f = read(jenkins, "TAG_NAME", "v1.0.0", "BRANCH_NAME", "v1.0.0");
    assertThat(f.event).isEqualTo(CiEvent.TAG);
    assertThat(f.tag).isEqualTo("v1.0.0");
    assertThat(f.branch).isNull();
  }
}
