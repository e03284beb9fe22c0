package dev.buildgate.core.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CiProvidersTest {

  @Test
  void providerIdsInDetectionOrderWithLocalLast() {
    assertThat(CiDetector.PROVIDERS)
        .containsExactly(
            "github", "gitlab", "circleci", "azure", "bitbucket", "buildkite", "jenkins", "local");
  }

  @Test
  void theFirstProviderWhoseMarkersArePresentWins() {
    // GitHub Actions runners on a Jenkins host: GitHub is asked first
    CiEnv both = new CiEnv(Map.of("JENKINS_HOME", "/j", "GITHUB_ACTIONS", "true"));
    assertThat(CiProviders.detect(both).map(CiProvider::id)).contains("github");
    CiEnv none = new CiEnv(Map.of("CI", "true"));
    assertThat(CiProviders.detect(none)).isEmpty();
  }

  @Test
  void byIdFindsEveryCiSystemButNotLocal() {
    for (String id : CiDetector.PROVIDERS) {
      assertThat(CiProviders.byId(id).map(CiProvider::id))
          .as(id)
          .isEqualTo(id.equals("local") ? java.util.Optional.empty() : java.util.Optional.of(id));
    }
  }
}
