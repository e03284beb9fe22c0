package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.summary.GateTimeline;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.maven.execution.AbstractExecutionListener;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionSummaryTest {

  @TempDir Path tmp;

  private final List<String> out = new CopyOnWriteArrayList<>();

  /** Maven's own listener (the one that prints the reactor summary and BUILD SUCCESS). */
  private final ExecutionListener maven =
      new AbstractExecutionListener() {
        @Override
        public void sessionEnded(ExecutionEvent event) {
          out.add(
              "maven: BUILD "
                  + (event.getSession().getResult().hasExceptions() ? "FAILURE" : "SUCCESS"));
        }

        @Override
        public void projectStarted(ExecutionEvent event) {
          out.add("maven: project started");
        }
      };

  private MavenProject project(String name, boolean root) {
    Model model = new Model();
    model.setArtifactId(name);
    Build build = new Build();
    build.setDirectory(tmp.resolve(root ? "target" : name + "/target").toString());
    model.setBuild(build);
    MavenProject p = new MavenProject(model);
    p.setFile(tmp.resolve(root ? "pom.xml" : name + "/pom.xml").toFile());
    p.setExecutionRoot(root);
    return p;
  }

  private MavenSession session(List<MavenProject> projects) {
    MavenExecutionRequest request = new DefaultMavenExecutionRequest();
    request.setBaseDirectory(tmp.toFile());
    request.setExecutionListener(maven);
    @SuppressWarnings("deprecation")
    MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
    session.setProjects(projects);
    return session;
  }

  private void fire(MavenSession session, ExecutionEvent.Type type) {
    ExecutionListener l = session.getRequest().getExecutionListener();
    ExecutionEvent e =
        new ExecutionEvent() {
          @Override
          public Type getType() {
            return type;
          }

          @Override
          public MavenSession getSession() {
            return session;
          }

          @Override
          public MavenProject getProject() {
            return session.getCurrentProject();
          }

          @Override
          public org.apache.maven.plugin.MojoExecution getMojoExecution() {
            return null;
          }

          @Override
          public Exception getException() {
            return null;
          }
        };
    if (type == ExecutionEvent.Type.SessionEnded) {
      l.sessionEnded(e);
    } else {
      l.projectStarted(e);
    }
  }

  @Test
  void aReactorEndsWithOneSummaryThroughTheLoggerBeforeMavensOwnLines() throws Exception {
    MavenProject root = project("shop", true);
    MavenProject users = project("users", false);
    MavenProject orders = project("orders", false);
    MavenSession session = session(List.of(root, users, orders));
    BackgroundGatesTest.Goal goal = new BackgroundGatesTest.Goal(out);
    new PipelineSummary(BuildgateMaven.buildgateDir(users))
        .section("lint", "Lint", StepStatus.PASSED, "");
    new PipelineSummary(BuildgateMaven.buildgateDir(orders))
        .section("it", "Integration tests", StepStatus.PASSED, "");
    SessionSummary.register(session, users, goal.getLog());
    SessionSummary.register(session, orders, goal.getLog()); // hooked once
    fire(session, ExecutionEvent.Type.ProjectStarted);
    fire(session, ExecutionEvent.Type.SessionEnded);

    Path rootSummary = tmp.resolve("target/buildgate/summary.md");
    assertThat(Files.readString(rootSummary))
        .contains("| users | Lint | \u2705 passed |", "| orders | Integration tests |");
    assertThat(out)
        .containsExactly(
            "maven: project started",
            "info Buildgate pipeline summary (" + rootSummary + "):",
            "info   Result: \u2705 passed (2 steps in 2 modules)",
            "info   | Module | Step | Status |",
            "info   | users | Lint | \u2705 passed |",
            "info   | orders | Integration tests | \u2705 passed |",
            "maven: BUILD SUCCESS");
  }

  @Test
  void aFailedPipelineIsPrintedAsErrorsAndALostBackgroundGateFailsTheBuild() throws Exception {
    MavenProject app = project("app", true);
    MavenSession session = session(List.of(app));
    app.setContextValue(
        BackgroundGates.PLAN_KEY,
        List.of("quality-maven-plugin:check@q", "docs-maven-plugin:build@d"));
    BackgroundGatesTest.Goal goal = new BackgroundGatesTest.Goal(out);
    BackgroundGates.of(
            goal, session, app, BackgroundGatesTest.execution("quality", "check", "q"), null)
        .execute(
            BackgroundGates.Mode.BACKGROUND,
            () -> {
              new PipelineSummary(BuildgateMaven.buildgateDir(app))
                  .section("lint", "Lint", StepStatus.FAILED, "2 findings");
              throw new MojoFailureException("2 new findings");
            });
    fire(session, ExecutionEvent.Type.SessionEnded); // docs:build never ran

    assertThat(session.getResult().getExceptions())
        .singleElement()
        .extracting(Throwable::getMessage)
        .isEqualTo("quality:check (run in the background): 2 new findings");
    assertThat(out)
        .contains(
            "error Buildgate pipeline summary ("
                + tmp.resolve("target/buildgate/summary.md")
                + "):",
            "error   | Lint | \u274C failed |")
        .last()
        .isEqualTo("maven: BUILD FAILURE");
    assertThat(new File(tmp.toFile(), "target/buildgate/summary.md")).isFile();
  }

  @Test
  void aBuildThatFailedOutsideTheRecordedStepsDoesNotEndWithAPassedTableAlone() throws Exception {
    MavenProject app = project("app", true);
    MavenSession session = session(List.of(app));
    new PipelineSummary(BuildgateMaven.buildgateDir(app))
        .section("lint", "Lint", StepStatus.PASSED, "");
    SessionSummary.register(session, app, new BackgroundGatesTest.Goal(out).getLog());
    session.getResult().addException(new IllegalStateException("integration:up: bad override"));
    fire(session, ExecutionEvent.Type.SessionEnded);
    assertThat(out)
        .contains(
            "error   Result: \u2705 passed",
            "error   The build failed outside these steps: see the errors below")
        .last()
        .isEqualTo("maven: BUILD FAILURE");
  }

  @Test
  void statusLinesKeepTheResultAndTheTableOnly() {
    assertThat(
            SessionSummary.statusLines(
                List.of(
                    "# Buildgate pipeline summary",
                    "",
                    "**Result:** x failed",
                    "",
                    "| Step | Status |",
                    "|---|---|",
                    "| Images | x failed |",
                    "",
                    "## x Images",
                    "| file | line |")))
        .containsExactly("Result: x failed", "| Step | Status |", "| Images | x failed |");
  }

  @Test
  void theStepSummaryGetsThisBuildsTimelineOnceAtTheSessionsEnd() throws Exception {
    MavenProject app = project("app", true);
    MavenSession session = session(List.of(app));
    session.getRequest().setStartTime(new java.util.Date(1_800_000_000_000L));
    // an earlier build's timeline left in target/
    GateTimeline.ofBuild(BuildgateMaven.buildgateDir(app), "2020-01-01T00:00:00Z")
        .record(
            new GateTimeline.Entry(
                "stale:gate",
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(1),
                false,
                true));
    BackgroundGatesTest.Goal goal = new BackgroundGatesTest.Goal(out);
    // no plan (a test harness): every goal is the last one and shows the timeline
    for (String g : List.of("check", "build")) {
      BackgroundGates.of(goal, session, app, BackgroundGatesTest.execution("quality", g, g), null)
          .execute(
              BackgroundGates.Mode.BACKGROUND,
              () ->
                  new PipelineSummary(BuildgateMaven.buildgateDir(app))
                      .section(g, g, StepStatus.PASSED, ""));
    }
    Path step = tmp.resolve("step.md");
    SessionSummary.summarize(session, java.util.Map.of("GITHUB_STEP_SUMMARY", step.toString()));
    String text = Files.readString(step);
    assertThat(text.split("```mermaid", -1)).hasSize(2);
    assertThat(text).contains("quality check", "quality build").doesNotContain("stale");
    assertThat(Files.readString(tmp.resolve("target/buildgate/summary.md")))
        .contains("quality check")
        .doesNotContain("stale");
  }
}
