package dev.buildgate.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.ci.CiDetector;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
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
}
