package dev.buildgate.docker.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.ci.TagScheme;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.maven.AbstractGateMojo;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** Settings shared by every docker goal (plugin-level {@code <configuration>}). */
abstract class AbstractDockerMojo extends AbstractGateMojo {

  /** The images (see USAGE.md). */
  @Parameter List<Image> images = new ArrayList<>();

  /** Registry host, e.g. {@code ghcr.io} or {@code 127.0.0.1:5000}. */
  @Parameter(property = "buildgate.registry")
  String registry;

  /** Image prefix; default {@code <registry>/<owner>/<artifactId>}; always lower-cased. */
  @Parameter(property = "buildgate.imagePrefix")
  String imagePrefix;

  /** The docker CLI. */
  @Parameter(property = "buildgate.docker.executable", defaultValue = "docker")
  String dockerExecutable;

  /** Skip every docker goal. */
  @Parameter(property = "buildgate.docker.skip", defaultValue = "false")
  boolean skip;

  /** Where images.json and logs go. */
  @Parameter(
      defaultValue = "${project.build.directory}/buildgate/docker",
      readonly = true,
      required = true)
  File outputDirectory;

  /** {@code target/buildgate}. */
  @Parameter(
      defaultValue = "${project.build.directory}/buildgate",
      readonly = true,
      required = true)
  File buildgateDirectory;

  /** Decrypts settings.xml server and proxy passwords. */
  @SuppressWarnings("deprecation")
  @Component
  SettingsDecrypter decrypter;

  /**
   * Maven's offline switch and the settings.xml proxies.
   *
   * @return the network rules
   * @throws MojoExecutionException on an invalid {@code <proxy>}
   */
  Network network() throws MojoExecutionException {
    return MavenRules.network(session, decrypter);
  }

  @Override
  protected final String plugin() {
    return "docker";
  }

  @Override
  protected final boolean pluginSkipped() {
    return skip;
  }

  /**
   * The CI context from the environment and {@code buildgate.ci.*} properties.
   *
   * @return the context
   * @throws MojoExecutionException on an invalid override
   */
  CiContext ciContext() throws MojoExecutionException {
    return BuildgateMaven.ciContext(session, project);
  }

  /**
   * The lower-cased image prefix.
   *
   * @param ctx the CI context
   * @return the prefix (may be empty)
   */
  String resolvedPrefix(CiContext ctx) {
    if (imagePrefix != null && !imagePrefix.isBlank()) {
      return imagePrefix.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    }
    return TagScheme.imagePrefix(registry, ctx.owner(), project.getArtifactId());
  }

  Path basedir() {
    return project.getBasedir().toPath();
  }

  /** Adds or replaces a section of the pipeline summary; a write failure is only a warning. */
  void summary(String id, String title, StepStatus status, String body) {
    try {
      new PipelineSummary(BuildgateMaven.buildgateDir(project)).section(id, title, status, body);
    } catch (RuntimeException e) {
      getLog().warn("Could not write the pipeline summary: " + e.getMessage());
    }
  }

  /**
   * A client of the daemon the environment names ({@link DockerHost}); an unreadable docker context
   * is a one-line configuration error.
   */
  static DockerEngine engine(Map<String, String> env) throws MojoExecutionException {
    try {
      return DockerEngine.connect(
          DockerHost.resolve(env, Path.of(System.getProperty("user.home"))));
    } catch (IllegalStateException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }
}
