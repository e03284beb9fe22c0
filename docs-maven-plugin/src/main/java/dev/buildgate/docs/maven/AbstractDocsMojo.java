package dev.buildgate.docs.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.net.Network;
import dev.buildgate.docs.DocsSection;
import dev.buildgate.maven.AbstractGateMojo;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** Parameters and plumbing shared by the docs goals. */
abstract class AbstractDocsMojo extends AbstractGateMojo {

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
    section().skippedBy(buildgateDir(), property, gateLog());
  }

  /** The goal's section of the pipeline summary. */
  protected abstract DocsSection section();

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
  protected Network network() throws GateCannotRunException {
    try {
      return MavenRules.network(session, proxyDecrypter);
    } catch (MojoExecutionException e) {
      throw new GateCannotRunException(e.getMessage(), e);
    }
  }

  /** The CI context, with the buildgate.ci.* overrides. */
  protected CiContext ciContext() throws GateCannotRunException {
    try {
      return BuildgateMaven.ciContext(session, project, environment());
    } catch (MojoExecutionException e) {
      throw new GateCannotRunException(e.getMessage(), e);
    }
  }
}
