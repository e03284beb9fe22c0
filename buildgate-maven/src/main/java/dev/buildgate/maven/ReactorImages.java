package dev.buildgate.maven;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.execution.ProjectDependencyGraph;
import org.apache.maven.project.MavenProject;

/**
 * The images the modules of a build made, so a module's stack can use an image another module
 * builds. {@code docker:build} records the references it made in its project (the context map, JDK
 * types only: the plugins have separate class realms); {@code integration:up} checks that every
 * image under the build's image prefix it starts was made in this build by its own module or by a
 * module it depends on: Maven builds those first, also with {@code -T} and {@code -pl ... -am}.
 */
public final class ReactorImages {

  static final String BUILT_KEY = "buildgate.docker.builtImages";

  /** Recorded when docker:build was skipped: its images are unknown, so nothing is checked. */
  static final String UNKNOWN = "*";

  private ReactorImages() {}

  /**
   * Records the images a module's docker:build made (every reference, all tags).
   *
   * @param project the module
   * @param refs the references
   */
  public static void recordBuilt(MavenProject project, Collection<String> refs) {
    project.setContextValue(BUILT_KEY, List.copyOf(refs));
  }

  /**
   * Records that a module's docker:build was skipped (its images are not checked against).
   *
   * @param project the module
   */
  public static void recordSkipped(MavenProject project) {
    project.setContextValue(BUILT_KEY, List.of(UNKNOWN));
  }

  /**
   * The first of {@code images} under {@code prefix/} that neither the project nor a module it
   * depends on made in this build, as a one-line error; {@code null} when all were made, and also
   * when there is no prefix or session, when none of these modules ran docker:build in this build
   * ({@code mvn integration:up} alone uses the images of an earlier build), or when one skipped it.
   *
   * @param session the session
   * @param project the module whose stack starts
   * @param prefix the build's image prefix ({@code buildgate.imagePrefix}), may be null
   * @param images what the stack runs: what names each image (e.g. {@code override 'api'}) to its
   *     reference, in order
   * @return the error, or null
   */
  public static String unbuilt(
      MavenSession session,
      MavenProject project,
      String prefix,
      List<Map.Entry<String, String>> images) {
    if (session == null || prefix == null || prefix.isBlank()) {
      return null;
    }
    String ours = prefix.trim().replaceAll("/+$", "") + "/";
    List<MavenProject> builders = new ArrayList<>();
    builders.add(project);
    ProjectDependencyGraph graph = session.getProjectDependencyGraph();
    if (graph != null) {
      builders.addAll(graph.getUpstreamProjects(project, true));
    }
    List<String> built = new ArrayList<>();
    boolean dockerBuildRan = false;
    for (MavenProject p : builders) {
      if (p.getContextValue(BUILT_KEY) instanceof List<?> refs) {
        dockerBuildRan = true;
        for (Object r : refs) {
          built.add(String.valueOf(r));
        }
      }
    }
    if (!dockerBuildRan || built.contains(UNKNOWN)) {
      return null; // e.g. mvn integration:up alone: the images come from an earlier build
    }
    for (Map.Entry<String, String> e : images) {
      String ref = e.getValue();
      if (ref != null && ref.startsWith(ours) && !built.contains(ref)) {
        return e.getKey()
            + " uses image '"
            + ref
            + "', which neither "
            + project.getArtifactId()
            + " nor a module it depends on built in this build"
            + (built.isEmpty() ? "" : " (built: " + String.join(", ", built) + ")")
            + ": build it with docker-maven-plugin in a module of the reactor and make that"
            + " module a <dependency> of this one (<type>pom</type>) so Maven builds it first"
            + " (with -pl, add -am), or fix the name";
      }
    }
    return null;
  }
}
