package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class BackgroundGatesTest {

  /** A goal whose log lines are recorded as "level message". */
  static final class Goal extends AbstractMojo {
    final List<String> lines;

    Goal(List<String> lines) {
      this.lines = lines;
      setLog(
          new SystemStreamLog() {
            @Override
            public void info(CharSequence c) {
              lines.add("info " + c);
            }

            @Override
            public void info(CharSequence c, Throwable t) {
              lines.add("info " + c);
            }

            @Override
            public void error(CharSequence c) {
              lines.add("error " + c);
            }

            @Override
            public void error(CharSequence c, Throwable t) {
              lines.add("error " + c);
            }
          });
    }

    @Override
    public void execute() {}
  }

  private final List<String> out = new CopyOnWriteArrayList<>();
  private final MavenProject project = new MavenProject();

  private static MojoExecution execution(String prefix, String goal) {
    return execution(prefix, goal, "buildgate-" + prefix);
  }

  static MojoExecution execution(String prefix, String goal, String id) {
    PluginDescriptor plugin = new PluginDescriptor();
    plugin.setGroupId("dev.buildgate");
    plugin.setArtifactId(prefix + "-maven-plugin");
    plugin.setGoalPrefix(prefix);
    MojoDescriptor mojo = new MojoDescriptor();
    mojo.setGoal(goal);
    mojo.setPluginDescriptor(plugin);
    return new MojoExecution(mojo, id);
  }

  private void plan(String... keys) {
    project.setContextValue(BackgroundGates.PLAN_KEY, List.of(keys));
  }

  private BackgroundGates gates(String prefix, String goal) {
    return BackgroundGates.of(new Goal(out), null, project, execution(prefix, goal), null);
  }

  @Test
  void aGateWithALaterGoalRunsInTheBackgroundAndTheLastGoalPrintsItsOutput() throws Exception {
    plan("quality-maven-plugin:check@buildgate-quality", "docs-maven-plugin:build@buildgate-docs");
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Goal quality = new Goal(out);
    BackgroundGates.of(quality, null, project, execution("quality", "check"), null)
        .execute(
            BackgroundGates.Mode.BACKGROUND,
            () -> {
              ranOn.set(Thread.currentThread());
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                throw new MojoExecutionException("interrupted");
              }
              quality.getLog().info("ruff: 0 findings");
            });
    // execute returned while the gate still waits: it runs on another thread
    assertThat(out).anyMatch(l -> l.contains("quality:check runs in the background"));
    assertThat(out).noneMatch(l -> l.contains("ruff"));
    release.countDown();
    gates("docs", "build").execute(BackgroundGates.Mode.FOREGROUND, () -> out.add("docs body"));
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    int header =
        out.indexOf(
            out.stream()
                .filter(l -> l.matches("info quality:check \\(background, [0-9.]+ s\\) finished:"))
                .findFirst()
                .orElseThrow());
    assertThat(out.get(header + 1)).isEqualTo("info ruff: 0 findings");
  }

  @Test
  void aFailedBackgroundGateFailsTheNextGoalBeforeItsWorkWithItsOwnMessage() throws Exception {
    plan(
        "quality-maven-plugin:check@buildgate-quality",
        "docker-maven-plugin:build@buildgate-docker",
        "integration-maven-plugin:up@buildgate-integration",
        "docs-maven-plugin:build@buildgate-docs");
    gates("quality", "check")
        .execute(
            BackgroundGates.Mode.BACKGROUND,
            () -> {
              throw new MojoFailureException("ruff: 3 findings (3 new), FAILED");
            });
    // docker:build may start before the gate finished; wait until it did
    @SuppressWarnings("unchecked")
    java.util.Map<String, java.util.concurrent.CompletableFuture<Object[]>> tasks =
        (java.util.Map<String, java.util.concurrent.CompletableFuture<Object[]>>)
            project.getContextValue(BackgroundGates.TASKS_KEY);
    tasks.values().iterator().next().get(10, TimeUnit.SECONDS);
    List<String> ran = new CopyOnWriteArrayList<>();
    BackgroundGates docker = gates("docker", "build");
    assertThatThrownBy(
            () -> docker.execute(BackgroundGates.Mode.FOREGROUND, () -> ran.add("docker")))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("quality:check (run in the background): ruff: 3 findings (3 new), FAILED");
    assertThat(ran).isEmpty();
    assertThat(out)
        .anyMatch(l -> l.startsWith("error quality:check (background, ") && l.endsWith("FAILED:"));
  }

  @Test
  void theLastGoalRunsInTheForegroundEvenWhenItCouldGoToTheBackground() throws Exception {
    plan("quality-maven-plugin:check@buildgate-quality");
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    gates("quality", "check")
        .execute(BackgroundGates.Mode.BACKGROUND, () -> ranOn.set(Thread.currentThread()));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(out).noneMatch(l -> l.contains("background"));
  }

  @Test
  void withoutAPlanEveryGoalRunsInTheForeground() throws Exception {
    plan();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    gates("docker", "scan")
        .execute(BackgroundGates.Mode.BACKGROUND, () -> ranOn.set(Thread.currentThread()));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void thePropertyTurnsBackgroundGatesOff() throws Exception {
    plan("quality-maven-plugin:check@buildgate-quality", "docs-maven-plugin:build@buildgate-docs");
    project.getProperties().setProperty(BackgroundGates.PROPERTY, "false");
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    gates("quality", "check")
        .execute(BackgroundGates.Mode.BACKGROUND, () -> ranOn.set(Thread.currentThread()));
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void publishingGoalsWaitForEveryBackgroundGateFirst() throws Exception {
    plan(
        "docker-maven-plugin:scan@buildgate-docker",
        "docker-maven-plugin:push@buildgate-docker",
        "docs-maven-plugin:deploy@buildgate-docs");
    CountDownLatch started = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    gates("docker", "scan")
        .execute(
            BackgroundGates.Mode.BACKGROUND,
            () -> {
              started.countDown();
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              order.add("scan done");
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    gates("docker", "push")
        .execute(BackgroundGates.Mode.AFTER_BACKGROUND_GATES, () -> order.add("push"));
    assertThat(order).containsExactly("scan done", "push");
  }

  @Test
  void theLastGoalsOwnFailureWinsButBackgroundOutputIsStillPrinted() throws Exception {
    plan(
        "docker-maven-plugin:scan@buildgate-docker",
        "integration-maven-plugin:verify@buildgate-integration");
    CountDownLatch verifyRuns = new CountDownLatch(1);
    gates("docker", "scan")
        .execute(
            BackgroundGates.Mode.BACKGROUND,
            () -> {
              try {
                verifyRuns.await(10, TimeUnit.SECONDS); // still running when verify starts
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new MojoFailureException("backend has 1 CRITICAL vulnerability");
            });
    BackgroundGates verify = gates("integration", "verify");
    assertThatThrownBy(
            () ->
                verify.execute(
                    BackgroundGates.Mode.FOREGROUND,
                    () -> {
                      verifyRuns.countDown();
                      throw new MojoFailureException("2 integration tests failed");
                    }))
        .hasMessage("2 integration tests failed");
    assertThat(out).anyMatch(l -> l.startsWith("error docker:scan (background, "));
  }

  /** integration:down of a build whose plan has docs:build after it. */
  private BackgroundGates downBeforeDocsBuild() {
    plan(
        "integration-maven-plugin:down@buildgate-integration",
        "docs-maven-plugin:build@buildgate-docs");
    return BackgroundGates.of(new Goal(out), null, project, execution("integration", "down"), null);
  }

  @Test
  void partOfAGoalCanGoToTheBackground() throws Exception {
    BackgroundGates gates = downBeforeDocsBuild();
    AtomicReference<Thread> removedOn = new AtomicReference<>();
    gates.execute(
        BackgroundGates.Mode.FOREGROUND,
        () -> {
          out.add("logs collected");
          gates.background(
              "integration:down (removing the stack)", () -> removedOn.set(Thread.currentThread()));
        });
    gates("docs", "build").execute(BackgroundGates.Mode.FOREGROUND, () -> {});
    assertThat(removedOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    assertThat(out)
        .anyMatch(l -> l.startsWith("info integration:down (removing the stack) (background, "));
  }

  @Test
  void cleanUpOutlivesTheProjectsLastGoalAndTheSessionsEndReportsIt() throws Exception {
    BackgroundGates gates = downBeforeDocsBuild();
    CountDownLatch release = new CountDownLatch(1);
    gates.execute(
        BackgroundGates.Mode.FOREGROUND,
        () ->
            gates.cleanup(
                "integration:down (removing the stack)",
                () -> {
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    throw new MojoExecutionException("interrupted");
                  }
                  throw new MojoExecutionException("2 containers left");
                }));
    // the last goal returns while the removal still runs: the next module need not wait
    gates("docs", "build").execute(BackgroundGates.Mode.FOREGROUND, () -> out.add("docs body"));
    assertThat(out).contains("docs body");
    assertThat(out).noneMatch(l -> l.contains("(background, "));
    release.countDown();
    List<Exception> failures = BackgroundGates.reportUnreported(project, new Goal(out).getLog());
    assertThat(failures)
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("integration:down (removing the stack)", "2 containers left");
  }

  @Test
  void aGoalThatIsNotTheNextOneOfThePlanStopsTrustingItForTheRestOfTheProject() throws Exception {
    plan(
        "quality-maven-plugin:check@buildgate-quality",
        "docs-maven-plugin:build@buildgate-docs",
        "integration-maven-plugin:verify@buildgate-integration");
    // docs:build comes first, unlike the plan (another builder, a forked run): foreground
    AtomicReference<Thread> docsOn = new AtomicReference<>();
    gates("docs", "build")
        .execute(BackgroundGates.Mode.BACKGROUND, () -> docsOn.set(Thread.currentThread()));
    assertThat(docsOn.get()).isSameAs(Thread.currentThread());
    // and so is every later gate of the project, although the plan has a goal after it
    AtomicReference<Thread> qualityOn = new AtomicReference<>();
    gates("quality", "check")
        .execute(BackgroundGates.Mode.BACKGROUND, () -> qualityOn.set(Thread.currentThread()));
    assertThat(qualityOn.get()).isSameAs(Thread.currentThread());
    assertThat(out).noneMatch(l -> l.contains("runs in the background"));
  }

  @Test
  void aGateNoGoalReportedIsReportedAtTheEndOfTheSession() throws Exception {
    plan("quality-maven-plugin:check@buildgate-quality", "docs-maven-plugin:build@buildgate-docs");
    gates("quality", "check")
        .execute(
            BackgroundGates.Mode.BACKGROUND,
            () -> {
              throw new MojoFailureException("ruff: 2 new findings");
            });
    // docs:build never runs (the build stopped): the session's end reports the gate
    List<Exception> failures = BackgroundGates.reportUnreported(project, new Goal(out).getLog());
    assertThat(failures)
        .singleElement()
        .isInstanceOf(MojoFailureException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo("quality:check (run in the background): ruff: 2 new findings");
    assertThat(out).anyMatch(l -> l.startsWith("error quality:check (background, "));
    assertThat(BackgroundGates.reportUnreported(project, new Goal(out).getLog())).isEmpty();
  }

  @Test
  void underAnotherBuilderThanMavensOwnThePlanIsNotTrusted() {
    MavenExecutionRequest request =
        new DefaultMavenExecutionRequest().setBuilderId("concurrent").setGoals(List.of("verify"));
    @SuppressWarnings("deprecation")
    MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
    LifecycleExecutor never =
        (LifecycleExecutor)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {LifecycleExecutor.class},
                (proxy, method, args) -> {
                  throw new AssertionError("the plan was read: " + method.getName());
                });
    assertThat(BackgroundGates.buildgatePlan(session, never)).isEmpty();
  }
}
