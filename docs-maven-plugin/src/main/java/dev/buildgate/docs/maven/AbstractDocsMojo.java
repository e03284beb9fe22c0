package dev.buildgate.docs.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.exec.Durations;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.maven.AbstractGateMojo;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** Parameters and plumbing shared by the docs goals. */
abstract class AbstractDocsMojo extends AbstractGateMojo {

  /**
   * A duration parameter ({@code 30s}, {@code 5m}, {@code PT5M}; a plain number is seconds).
   *
   * @param field the parameter and its property, as the message names it
   * @param positive whether zero is rejected (timeouts) or allowed (pauses)
   */
  static Duration duration(String field, String text, boolean positive)
      throws GateCannotRunException {
    try {
      return positive ? Durations.parsePositive(field, text) : Durations.parse(field, text);
    } catch (IllegalArgumentException e) {
      throw new GateCannotRunException(e.getMessage());
    }
  }

  /** Decrypts settings.xml proxy passwords. */
  @javax.inject.Inject protected SettingsDecrypter proxyDecrypter;

  /** Skips every docs goal. */
  @Parameter(property = "buildgate.docs.skip", defaultValue = "false")
  protected boolean skip;

  /** Where the site is written by docs:build and read by docs:deploy. */
  @Parameter(
      property = "buildgate.docs.siteDirectory",
      defaultValue = "${project.build.directory}/buildgate/docs/site")
  protected File siteDirectory;

  /** Scratch space of the docs goals (staging, build marker, temporary deploy repository). */
  @Parameter(
      property = "buildgate.docs.workDirectory",
      defaultValue = "${project.build.directory}/buildgate/docs")
  protected File workDirectory;

  /** The remote: compared with for the change filter, pushed to by deploy (name or URL). */
  @Parameter(property = "buildgate.docs.deploy.remote", defaultValue = "origin")
  protected String remote;

  @Override
  protected final String plugin() {
    return "docs";
  }

  @Override
  protected final boolean pluginSkipped() {
    return skip;
  }

  @Override
  protected void skipped(String property) {
    summary(
        "docs-" + goal(), "Docs " + goal(), StepStatus.SKIPPED, "Skipped (-D" + property + ").");
  }

  protected Path basedir() {
    return project.getBasedir().toPath();
  }

  protected Path buildgateDir() {
    return BuildgateMaven.buildgateDir(project);
  }

  protected Map<String, String> environment() {
    return System.getenv();
  }

  /** Maven's offline switch and the settings.xml proxies. */
  protected Network network() throws MojoExecutionException {
    return MavenRules.network(session, proxyDecrypter);
  }

  protected CiContext ciContext() throws MojoExecutionException {
    return BuildgateMaven.ciContext(session, project, environment());
  }

  protected void summary(String id, String title, StepStatus status, String body) {
    try {
      new PipelineSummary(buildgateDir()).section(id, title, status, body);
    } catch (RuntimeException e) {
      getLog().warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }
}
