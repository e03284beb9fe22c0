package dev.buildgate.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.ci.CiDetector;
import dev.buildgate.core.summary.PipelineSummary;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * What every Buildgate mojo reads from the Maven runtime in the same way: the CI context (with the
 * {@code buildgate.ci.*} overrides a parent POM or {@code -D} sets) and the buildgate directory.
 */
public final class BuildgateMaven {

  /** Name of the directory under {@code ${project.build.directory}} that Buildgate writes to. */
  public static final String DIRECTORY = "buildgate";

  private BuildgateMaven() {}

  /**
   * The CI context from the process environment and the {@code buildgate.ci.*} properties.
   *
   * @param session the session (its system and user properties); may be null
   * @param project the project (its properties and base directory)
   * @return the context
   * @throws MojoExecutionException one line naming the invalid override and the fix
   */
  public static CiContext ciContext(MavenSession session, MavenProject project)
      throws MojoExecutionException {
    return ciContext(session, project, System.getenv());
  }

  /**
   * The CI context from the given environment and the {@code buildgate.ci.*} properties.
   *
   * @param session the session (its system and user properties); may be null
   * @param project the project (its properties and base directory)
   * @param env the environment variables
   * @return the context
   * @throws MojoExecutionException one line naming the invalid override and the fix
   */
  public static CiContext ciContext(
      MavenSession session, MavenProject project, Map<String, String> env)
      throws MojoExecutionException {
    try {
      return CiDetector.detect(
          env,
          ciOverrides(session, project),
          project.getBasedir() == null ? null : project.getBasedir().toPath());
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }

  /**
   * The {@code buildgate.ci.*} properties: project properties, then system properties, then user
   * properties ({@code -D}); later ones win.
   *
   * @param session the session; may be null
   * @param project the project
   * @return property name to value
   */
  public static Map<String, String> ciOverrides(MavenSession session, MavenProject project) {
    return CiDetector.overrides(
        project.getProperties(),
        session == null ? null : session.getSystemProperties(),
        session == null ? null : session.getUserProperties());
  }

  /**
   * {@code ${project.build.directory}/buildgate}: state, summary and each plugin's reports.
   *
   * @param project the project
   * @return the directory (not created)
   */
  public static Path buildgateDir(MavenProject project) {
    return Path.of(project.getBuild().getDirectory(), DIRECTORY);
  }

  /**
   * The build's id: the session's start as an ISO-8601 instant, the same for every goal, plugin and
   * module of one {@code mvn} run; null when there is no session (a mojo wired by hand).
   *
   * @param session the session, or null
   * @return the id, or null
   */
  public static String buildId(MavenSession session) {
    if (session == null || session.getRequest() == null) {
      return null;
    }
    Date start = session.getRequest().getStartTime();
    return start == null ? null : start.toInstant().toString();
  }

  /**
   * Records this build in the project's pipeline summary (once per project and build), so sections
   * that earlier builds left behind are shown as recorded runs, never as this build's result.
   *
   * @param session the session, or null
   * @param project the project, or null
   * @param log where a failure to write is reported (the goal goes on; its own section fails)
   */
  public static void startSummary(MavenSession session, MavenProject project, Log log) {
    String id = buildId(session);
    if (id == null
        || project == null
        || project.getBuild() == null
        || project.getBuild().getDirectory() == null
        || id.equals(project.getContextValue(SUMMARY_BUILD_KEY))) {
      return;
    }
    try {
      new PipelineSummary(buildgateDir(project)).startBuild(id);
      project.setContextValue(SUMMARY_BUILD_KEY, id);
    } catch (UncheckedIOException e) {
      log.warn("Could not record this build in the pipeline summary: " + e.getMessage());
    }
  }

  private static final String SUMMARY_BUILD_KEY = "buildgate.summary.build";
}
