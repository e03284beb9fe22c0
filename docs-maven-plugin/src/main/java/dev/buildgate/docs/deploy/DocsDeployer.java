package dev.buildgate.docs.deploy;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docs.BuildMarker;
import dev.buildgate.docs.ConfigSupplier;
import dev.buildgate.docs.DocsSection;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * docs:deploy as a gate: publishes the site only for a push to the default branch and only when
 * docs:build built one, logs why not otherwise, and writes the {@code docs-deploy} section of the
 * pipeline summary.
 */
public final class DocsDeployer {

  /** docs:deploy's section of the pipeline summary. */
  public static final DocsSection SECTION = new DocsSection("docs-deploy", "Docs deploy");

  private final ProcessRunner runner;
  private final Map<String, String> environment;
  private final GateLog log;
  private final ConfigSupplier<Network> network;

  /**
   * @param runner runs git
   * @param environment the environment git runs in
   * @param log the goal's log
   * @param network offline and proxies, read only when the site is published (a skipped deploy
   *     never fails on the proxy settings)
   */
  public DocsDeployer(
      ProcessRunner runner,
      Map<String, String> environment,
      GateLog log,
      ConfigSupplier<Network> network) {
    this.runner = runner;
    this.environment = environment;
    this.log = log;
    this.network = network;
  }

  /**
   * Deploys, or says why not.
   *
   * @param buildgateDir {@code target/buildgate}
   * @param spec the settings (checked only when the site is published)
   * @return what was pushed, or null when the deploy was skipped
   * @throws GateCannotRunException offline, bad configuration, git or the remote failed
   */
  public DeployResult run(Path buildgateDir, DeployConfig.Builder spec)
      throws GateCannotRunException {
    CiContext ci = spec.ci();
    String why = DeployGate.whyNot(ci);
    if (why != null) {
      log.info("docs:deploy skipped: " + why);
      SECTION.write(buildgateDir, StepStatus.SKIPPED, "Skipped: " + why, log);
      return null;
    }
    // a build that decided there is nothing to build publishes nothing (even a stale site)
    Properties marker = BuildMarker.read(spec.workDir());
    String status = marker == null ? "" : marker.getProperty("status", "");
    if (status.equals("UNCHANGED") || status.equals("NO_DOCS")) {
      String reason =
          "docs:build did not build a site ("
              + marker.getProperty("reason")
              + "), nothing to publish";
      log.info(
          "docs:deploy skipped: "
              + reason
              + (status.equals("UNCHANGED")
                  ? " (-Dbuildgate.docs.force to build and deploy)"
                  : ""));
      SECTION.write(buildgateDir, StepStatus.SKIPPED, "Skipped: " + reason, log);
      return null;
    }
    Network net = network.get();
    if (net.offline()) {
      throw new GateCannotRunException(
          Network.offlineRefusal("docs:deploy", "push the site to " + spec.remote()));
    }
    DeployResult result;
    try {
      result = new GhPagesPublisher(runner, environment, log, net).publish(spec.build());
    } catch (GateCannotRunException e) {
      SECTION.write(buildgateDir, StepStatus.FAILED, e.getMessage(), log);
      throw e;
    }
    SECTION.write(
        buildgateDir,
        result.status() == DeployResult.Status.DRY_RUN ? StepStatus.SKIPPED : StepStatus.PASSED,
        body(result),
        log);
    return result;
  }

  /** The section's body: what was pushed where. */
  static String body(DeployResult result) {
    return switch (result.status()) {
      case PUSHED ->
          "Pushed `"
              + result.commit().substring(0, 7)
              + "` ("
              + result.files()
              + " files) to `"
              + result.branch()
              + "` on "
              + result.remote();
      case DRY_RUN ->
          "Dry run: would push `"
              + result.commit().substring(0, 7)
              + "` ("
              + result.files()
              + " files) to `"
              + result.branch()
              + "` on "
              + result.remote();
      case UNCHANGED -> "`" + result.branch() + "` already holds this site";
    };
  }
}
