package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.execution.ProjectDependencyGraph;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class ReactorImagesTest {

  private final MavenProject users = project("users");
  private final MavenProject catalog = project("catalog");
  private final MavenProject orders = project("orders");

  private static MavenProject project(String name) {
    Model m = new Model();
    m.setArtifactId(name);
    return new MavenProject(m);
  }

  /** orders depends on users; catalog is independent. */
  private MavenSession session() {
    @SuppressWarnings("deprecation")
    MavenSession session =
        new MavenSession(
            null, null, new DefaultMavenExecutionRequest(), new DefaultMavenExecutionResult());
    List<MavenProject> all = List.of(users, catalog, orders);
    session.setProjects(all);
    session.setProjectDependencyGraph(
        new ProjectDependencyGraph() {
          @Override
          public List<MavenProject> getAllProjects() {
            return all;
          }

          @Override
          public List<MavenProject> getSortedProjects() {
            return all;
          }

          @Override
          public List<MavenProject> getDownstreamProjects(MavenProject p, boolean t) {
            return p == users ? List.of(orders) : List.of();
          }

          @Override
          public List<MavenProject> getUpstreamProjects(MavenProject p, boolean t) {
            return p == orders ? List.of(users) : List.of();
          }
        });
    return session;
  }

  private static List<Map.Entry<String, String>> uses(String... refs) {
    return java.util.Arrays.stream(refs).map(r -> Map.entry("override 'svc'", r)).toList();
  }

  @Test
  void imagesOfTheModuleAndOfModulesItDependsOnPass() {
    ReactorImages.recordBuilt(users, List.of("local/mono/users:it", "local/mono/users:sha-1"));
    ReactorImages.recordBuilt(orders, List.of("local/mono/orders:it"));
    assertThat(
            ReactorImages.unbuilt(
                session(),
                orders,
                "local/mono/",
                uses("local/mono/users:it", "local/mono/orders:it", "buildgate/busybox:local")))
        .isNull();
  }

  @Test
  void anImageNoModuleItDependsOnBuiltIsOneLineNamingTheFix() {
    ReactorImages.recordBuilt(catalog, List.of("local/mono/catalog:it")); // not a dependency
    ReactorImages.recordBuilt(orders, List.of("local/mono/orders:it"));
    String error =
        ReactorImages.unbuilt(session(), orders, "local/mono", uses("local/mono/catalog:it"));
    assertThat(error)
        .doesNotContain("\n")
        .startsWith(
            "override 'svc' uses image 'local/mono/catalog:it', which neither orders nor a module"
                + " it depends on built in this build (built: local/mono/orders:it)")
        .contains("<dependency>", "-am");
  }

  @Test
  void nothingIsCheckedWithoutAPrefixOrADockerBuildInThisBuildOrWhenOneWasSkipped() {
    assertThat(ReactorImages.unbuilt(session(), orders, "local/mono", uses("local/mono/x:1")))
        .isNull(); // integration:up alone: no docker:build ran in this build
    ReactorImages.recordBuilt(orders, List.of("local/mono/orders:it"));
    assertThat(ReactorImages.unbuilt(session(), orders, null, uses("local/mono/x:1"))).isNull();
    ReactorImages.recordSkipped(users);
    assertThat(ReactorImages.unbuilt(session(), orders, "local/mono", uses("local/mono/x:1")))
        .isNull();
  }
}
