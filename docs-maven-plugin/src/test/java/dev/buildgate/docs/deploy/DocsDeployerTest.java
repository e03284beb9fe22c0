package dev.buildgate.docs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.ci.CiDetector;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docs.BuildMarker;
import dev.buildgate.docs.ConfigSupplier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs:deploy's decisions before git runs, and the summary section each one writes. */
class DocsDeployerTest {

  @TempDir Path tmp;
  final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  final GateLog log =
      new GateLog() {
        @Override
        public void info(String line) {
          logged.add(line);
        }

        @Override
        public void warn(String line) {
          logged.add(line);
        }
      };

  private DeployConfig.Builder spec(Map<String, String> ci) {
    return DeployConfig.builder()
        .basedir(tmp)
        .siteDir(tmp.resolve("site"))
        .workDir(tmp.resolve("work"))
        .remote("origin")
        .ci(CiDetector.detect(Map.of(), ci, tmp));
  }

  private static final Map<String, String> PUSH_TO_MAIN =
      Map.of(
          "buildgate.ci.event", "push",
          "buildgate.ci.branch", "main",
          "buildgate.ci.defaultBranch", "main");

  private DocsDeployer deployer(ConfigSupplier<Network> network) {
    return new DocsDeployer(new LocalProcessRunner(), Map.of(), log, network);
  }

  private PipelineSummary.Section section() {
    return new PipelineSummary(tmp.resolve("bg"))
        .sections().stream().filter(s -> s.id().equals("docs-deploy")).findFirst().orElse(null);
  }

  @Test
  void aPullRequestSkipsWithoutReadingTheProxySettings() throws Exception {
    DeployResult r =
        deployer(
                () -> {
                  throw new GateCannotRunException("the proxy settings must not be read");
                })
            .run(
                tmp.resolve("bg"),
                spec(
                    Map.of(
                        "buildgate.ci.event", "pull_request",
                        "buildgate.ci.pullRequest", "7",
                        "buildgate.ci.defaultBranch", "main")));
    assertThat(r).isNull();
    assertThat(logged).anyMatch(l -> l.startsWith("docs:deploy skipped: pull request #7"));
    assertThat(section().title()).isEqualTo("Docs deploy");
    assertThat(section().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(section().body()).startsWith("Skipped: pull request #7: docs are built only");
  }

  @Test
  void aBuildThatBuiltNothingPublishesNothing() throws Exception {
    BuildMarker.write(tmp.resolve("work"), "UNCHANGED", "nothing changed", tmp.resolve("site"));
    assertThat(deployer(() -> Network.DIRECT).run(tmp.resolve("bg"), spec(PUSH_TO_MAIN))).isNull();
    assertThat(logged)
        .contains(
            "docs:deploy skipped: docs:build did not build a site (nothing changed), nothing to"
                + " publish (-Dbuildgate.docs.force to build and deploy)");
    assertThat(section().body())
        .isEqualTo(
            "Skipped: docs:build did not build a site (nothing changed), nothing to publish");
  }

  @Test
  void offlineIsRefusedAndAConfigErrorIsAFailedSection() {
    assertThatThrownBy(
            () ->
                deployer(() -> new Network(true, null, null))
                    .run(tmp.resolve("bg"), spec(PUSH_TO_MAIN)))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessage("offline: docs:deploy would push the site to origin; run without -o");
    assertThat(section()).isNull();

    assertThatThrownBy(
            () ->
                deployer(() -> Network.DIRECT)
                    .run(tmp.resolve("bg"), spec(PUSH_TO_MAIN).server("pages", false, null, null)))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageStartingWith("<serverId> pages");
    assertThat(section().status()).isEqualTo(StepStatus.FAILED);
    assertThat(section().body()).startsWith("<serverId> pages");
  }
}
