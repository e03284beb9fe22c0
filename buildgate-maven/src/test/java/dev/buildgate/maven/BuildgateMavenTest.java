package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.ci.CiEvent;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildgateMavenTest {
  @TempDir Path dir;

  private MavenProject project(Properties props) {
    Model model = new Model();
    model.setGroupId("acme");
    model.setArtifactId("shop");
    model.setVersion("1.0");
    model.setProperties(props);
    Build build = new Build();
    build.setDirectory(dir.resolve("target").toString());
    model.setBuild(build);
    MavenProject project = new MavenProject(model);
    project.setFile(dir.resolve("pom.xml").toFile());
    return project;
  }

  @SuppressWarnings("deprecation")
  private static MavenSession session(MavenProject project, Properties system, Properties user) {
    MavenExecutionRequest req = new DefaultMavenExecutionRequest();
    req.setSystemProperties(system);
    req.setUserProperties(user);
    return new MavenSession(null, req, null, project);
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void userPropertiesWinOverSystemAndProjectProperties() throws Exception {
    MavenProject project =
        project(
            props(
                "buildgate.ci.provider", "local",
                "buildgate.ci.branch", "from-pom",
                "buildgate.ci.owner", "acme",
                "unrelated", "x"));
    MavenSession session =
        session(
            project,
            props("buildgate.ci.branch", "from-system", "buildgate.ci.sha", "abcdef1234567"),
            props("buildgate.ci.branch", "from-cli"));
    assertThat(BuildgateMaven.ciOverrides(session, project))
        .containsOnlyKeys(
            "buildgate.ci.provider",
            "buildgate.ci.branch",
            "buildgate.ci.owner",
            "buildgate.ci.sha")
        .containsEntry("buildgate.ci.branch", "from-cli");
    CiContext ctx = BuildgateMaven.ciContext(session, project, Map.of());
    assertThat(ctx.provider()).isEqualTo("local");
    assertThat(ctx.branch()).isEqualTo("from-cli");
    assertThat(ctx.owner()).isEqualTo("acme");
    assertThat(ctx.shortSha()).isEqualTo("abcdef1");
  }

  @Test
  void environmentIsRead() throws Exception {
    MavenProject project = project(new Properties());
    CiContext ctx =
        BuildgateMaven.ciContext(
            null,
            project,
            Map.of(
                "GITHUB_ACTIONS", "true",
                "GITHUB_EVENT_NAME", "push",
                "GITHUB_REF", "refs/heads/feature/x",
                "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567",
                "GITHUB_REPOSITORY", "acme/shop"));
    assertThat(ctx.provider()).isEqualTo("github");
    assertThat(ctx.event()).isEqualTo(CiEvent.PUSH);
    assertThat(ctx.branch()).isEqualTo("feature/x");
    assertThat(ctx.owner()).isEqualTo("acme");
  }

  @Test
  void invalidOverrideIsOneLineMojoExecutionException() {
    MavenProject project = project(new Properties());
    MavenSession session =
        session(project, new Properties(), props("buildgate.ci.pullRequest", "abc"));
    assertThatThrownBy(() -> BuildgateMaven.ciContext(session, project, Map.of()))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("Invalid buildgate.ci.pullRequest='abc'")
        .hasMessageNotContaining("\n")
        .hasNoCause();
    MavenSession typo = session(project, new Properties(), props("buildgate.ci.Branch", "x"));
    assertThatThrownBy(() -> BuildgateMaven.ciContext(typo, project, Map.of()))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage("Unknown property buildgate.ci.Branch: did you mean buildgate.ci.branch?");
  }

  @Test
  void buildgateDirIsUnderTheBuildDirectory() {
    assertThat(BuildgateMaven.buildgateDir(project(new Properties())))
        .isEqualTo(dir.resolve("target").resolve("buildgate"));
  }

  @Test
  void eachBuildIsRecordedOnceAndMarksTheSectionsOfEarlierBuilds() throws Exception {
    MavenProject project = project(new Properties());
    Path buildgate = BuildgateMaven.buildgateDir(project);
    dev.buildgate.core.summary.PipelineSummary summary =
        new dev.buildgate.core.summary.PipelineSummary(buildgate);

    MavenSession earlier = session(project, new Properties(), new Properties());
    earlier
        .getRequest()
        .setStartTime(java.util.Date.from(java.time.Instant.parse("2026-12-04T17:02:11Z")));
    BuildgateMaven.startSummary(
        earlier, project, new org.apache.maven.plugin.logging.SystemStreamLog());
    summary.section(
        "integration-shop",
        "Integration tests (shop)",
        dev.buildgate.core.summary.StepStatus.PASSED,
        "- 3 tests");

    // a later `mvn integration:down`: a new session, a new project instance (its own context)
    MavenProject next = project(new Properties());
    MavenSession later = session(next, new Properties(), new Properties());
    later
        .getRequest()
        .setStartTime(java.util.Date.from(java.time.Instant.parse("2026-12-04T18:30:00Z")));
    BuildgateMaven.startSummary(later, next, new org.apache.maven.plugin.logging.SystemStreamLog());
    assertThat(BuildgateMaven.buildId(later)).isEqualTo("2026-12-04T18:30:00Z");
    assertThat(java.nio.file.Files.readString(buildgate.resolve("summary.md")))
        .contains("**Result:** no step ran in this build")
        .contains("| Integration tests (shop) | recorded run of 2026-12-04 17:02:11 UTC: ");
    assertThat(BuildgateMaven.buildId(null)).isNull();
  }
}
