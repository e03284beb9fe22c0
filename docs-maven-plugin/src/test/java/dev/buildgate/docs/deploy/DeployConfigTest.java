package dev.buildgate.docs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.ci.CiDetector;
import dev.buildgate.core.gate.GateCannotRunException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs:deploy's settings as written are checked by the builder. */
class DeployConfigTest {

  @TempDir Path tmp;

  private DeployConfig.Builder spec() {
    return DeployConfig.builder()
        .basedir(tmp)
        .siteDir(tmp.resolve("site"))
        .workDir(tmp.resolve("work"))
        .ci(
            CiDetector.detect(
                Map.of(),
                Map.of(
                    "buildgate.ci.event", "push",
                    "buildgate.ci.branch", "main",
                    "buildgate.ci.sha", "1234567890abcdef1234567890abcdef12345678"),
                tmp));
  }

  @Test
  void theMessageGetsTheCommitAndBranchAndTheTimeoutIsADuration() throws Exception {
    DeployConfig c = spec().timeout("90s").build();
    assertThat(c.message()).isEqualTo("Deploy docs from 1234567 (main)");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.credentials()).isNull();
    assertThatThrownBy(() -> spec().timeout("soon").build())
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageStartingWith("<timeout> (buildgate.docs.deploy.timeout) 'soon' is not a");
  }

  @Test
  void theServerWinsOverTheTokenAndMustExistWithAPassword() throws Exception {
    Map<String, String> env = Map.of("GITHUB_TOKEN", " t0k3n ");
    assertThat(spec().tokenEnv("GITHUB_TOKEN", env).build().credentials())
        .isEqualTo(DeployConfig.Credentials.token("t0k3n"));
    assertThat(
            spec()
                .tokenEnv("GITHUB_TOKEN", env)
                .server("pages", true, null, "s3cret")
                .build()
                .credentials())
        .isEqualTo(new DeployConfig.Credentials("x-access-token", "s3cret"));
    assertThatThrownBy(() -> spec().server("pages", false, null, null).build())
        .isInstanceOf(GateCannotRunException.class)
        .hasMessage(
            "<serverId> pages (buildgate.docs.deploy.serverId) is not in settings.xml: add a"
                + " <server> with that id.");
    assertThatThrownBy(() -> spec().server("pages", true, "me", " ").build())
        .hasMessage("settings.xml server pages has no <password> (the token) for docs:deploy.");
  }
}
