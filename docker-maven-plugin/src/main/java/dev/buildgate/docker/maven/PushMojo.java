package dev.buildgate.docker.maven;

import dev.buildgate.core.docker.DockerCredentials;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.RegistryCredentials;
import dev.buildgate.core.exec.Durations;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.push.DockerPush;
import dev.buildgate.docker.push.PushConfig;
import dev.buildgate.docker.push.PushSummary;
import dev.buildgate.maven.BackgroundGates;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import dev.buildgate.maven.ServerCredentials;
import dev.buildgate.maven.Servers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;

/**
 * Pushes every tag of every image that {@code docker:build} recorded in images.json, with the
 * user's credentials: a settings.xml {@code <server>} whose id is the registry host, else the
 * docker config ({@code credHelpers}, {@code auths}, {@code credsStore}). Credentials go to the
 * daemon in memory only.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractDockerMojo {

  /** Skip this goal. */
  @Parameter(property = "buildgate.docker.push.skip", defaultValue = "false")
  boolean pushSkip;

  /** Attempts per tag (transient errors are retried with exponential backoff). */
  @Parameter(property = "buildgate.docker.push.attempts", defaultValue = "4")
  int attempts;

  /**
   * First retry delay ({@code 1s}, {@code 500ms}; doubles each retry; a plain number is seconds).
   */
  @Parameter(property = "buildgate.docker.push.backoff", defaultValue = "1s")
  String backoff;

  /** Per tag push timeout ({@code 30m}, {@code 1h}, {@code PT45M}; a plain number is seconds). */
  @Parameter(property = "buildgate.docker.push.timeout", defaultValue = "30m")
  String timeout;

  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  @Override
  protected String goal() {
    return "push";
  }

  @Override
  protected boolean goalSkipped() {
    return pushSkip;
  }

  /** Nothing is pushed before every gate (the scan too) has passed. */
  @Override
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode.AFTER_BACKGROUND_GATES;
  }

  @Override
  protected void skipped(String property) {
    summary(
        PushSummary.SECTION_ID,
        PushSummary.SECTION_TITLE,
        StepStatus.SKIPPED,
        "Skipped (-D" + property + ").");
  }

  @Override
  protected void run() throws MojoExecutionException, GateFailedException {
    PushSummary summary = new PushSummary(BuildgateMaven.buildgateDir(project), gateLog());
    if (MavenRules.offline(session)) {
      String refusal = Network.offlineRefusal("docker:push", "push the images to the registry");
      summary.failed(refusal); // the push section says why, like every other refusal
      throw new MojoExecutionException(refusal);
    }
    Duration firstBackoff;
    Duration pushTimeout;
    try {
      firstBackoff = Durations.parse("<backoff> (buildgate.docker.push.backoff)", backoff);
      pushTimeout = Durations.parsePositive("<timeout> (buildgate.docker.push.timeout)", timeout);
    } catch (IllegalArgumentException e) {
      summary.failed(e.getMessage());
      throw new MojoExecutionException(e.getMessage());
    }
    Map<String, RegistryCredentials> servers = servers();
    Map<String, String> env = System.getenv();
    Path configDir = DockerHost.configDir(env, Path.of(System.getProperty("user.home")));
    DockerCredentials creds = new DockerCredentials(configDir, servers, new LocalProcessRunner());
    GateLog log = gateLog();
    try (DockerEngine engine = engine(env)) {
      new DockerPush(
              new PushConfig(
                  outputDirectory.toPath(),
                  BuildgateMaven.buildgateDir(project),
                  Math.max(1, attempts),
                  firstBackoff,
                  pushTimeout),
              engine,
              creds,
              log)
          .run();
    } catch (DockerConfigException | DockerUnavailableException | IOException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("docker:push interrupted");
    }
  }

  /**
   * settings.xml servers (decrypted) as registry credentials by server id.
   *
   * @return id to credentials, for servers with a username and a password
   */
  Map<String, RegistryCredentials> servers() {
    Map<String, RegistryCredentials> servers = new LinkedHashMap<>();
    for (ServerCredentials s : Servers.all(settings, decrypter)) {
      if (s.username() != null && s.password() != null) {
        servers.put(
            s.id(),
            new RegistryCredentials(
                s.username(), s.password(), "settings.xml server '" + s.id() + "'"));
      }
    }
    return servers;
  }
}
