package dev.buildgate.maven;

import dev.buildgate.core.ci.GitHubWorkflow;
import dev.buildgate.core.summary.GateTimeline;
import dev.buildgate.core.summary.PipelineSummary;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.lifecycle.MavenExecutionPlan;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Runs a gate that no later goal depends on (the quality analyzers, the image scan, the docs build,
 * the stack's removal) on a background thread while Maven goes on with the next goals, so
 * independent gates overlap instead of queueing one after the other in a single project's build.
 *
 * <p>The rules, so nothing passes unseen:
 *
 * <ul>
 *   <li>A gate goes to the background only when a later Buildgate goal of the same build and
 *       project exists to report it (found from Maven's execution plan). {@code mvn quality:check}
 *       alone, or the last Buildgate goal of {@code mvn verify}, runs in the foreground.
 *   <li>Every Buildgate goal starts by reporting the background gates that have finished: their
 *       buffered output is printed as one block, and a failed one fails the build there with its
 *       own message.
 *   <li>Goals that publish ({@code docker:push}, {@code docs:deploy}) first wait for every
 *       background gate: nothing is published before all gates passed.
 *   <li>The last Buildgate goal waits for all of them (also when it fails itself), except clean-up
 *       work ({@link #cleanup}: the stack's removal), which the end of the session waits for and
 *       reports, so the next module of a reactor does not wait for containers to stop.
 *   <li>{@code -Dbuildgate.background=false} (or the property in the POM) runs every goal in the
 *       foreground, in POM order.
 * </ul>
 *
 * <p>Each plugin has its own class realm (and its own copy of this class), so what the goals share
 * lives in the project's context map in JDK types only.
 */
public final class BackgroundGates {

  /** Property that turns background gates off ({@code false}); default on. */
  public static final String PROPERTY = "buildgate.background";

  static final String TASKS_KEY = "buildgate.background.tasks";
  static final String CLEANUP_KEY = "buildgate.background.cleanup";
  static final String PLAN_KEY = "buildgate.background.plan";
  static final String CURSOR_KEY = "buildgate.background.cursor";

  private static final String GROUP_ID = "dev.buildgate";

  /** The builders that run each project's mojos in the order the execution plan lists them. */
  private static final Set<String> TRUSTED_BUILDERS = Set.of("singlethreaded", "multithreaded");

  /** How a goal takes part. */
  public enum Mode {
    /** Runs in order (its result or output is needed by the goals after it). */
    FOREGROUND,
    /** Runs in the background when a later Buildgate goal will report it. */
    BACKGROUND,
    /** Waits for every background gate first (goals that publish). */
    AFTER_BACKGROUND_GATES
  }

  /** A gate's work. */
  @FunctionalInterface
  public interface Gate {
    /**
     * Runs the gate.
     *
     * @throws MojoExecutionException the gate could not run
     * @throws MojoFailureException the gate failed
     */
    void run() throws MojoExecutionException, MojoFailureException;
  }

  private final AbstractMojo mojo;
  private final MavenProject project;
  private final String label;
  private final boolean enabled;
  private final boolean last;
  private final String run;

  private BackgroundGates(
      AbstractMojo mojo,
      MavenProject project,
      String label,
      boolean enabled,
      boolean last,
      String run) {
    this.mojo = mojo;
    this.project = project;
    this.label = label;
    this.enabled = enabled;
    this.last = last;
    this.run = run;
  }

  /**
   * The background gates as seen by one goal execution. Reads Maven's execution plan once per
   * project; when it cannot be read (an embedder, a test harness), the goal counts as the last one:
   * it runs in the foreground and waits for everything, which is always safe.
   *
   * @param mojo the goal (its log is swapped for a buffer when it runs in the background)
   * @param session the session
   * @param project the project
   * @param execution this goal's execution ({@code ${mojoExecution}})
   * @param lifecycle Maven's lifecycle executor (to read the execution plan)
   * @return the view
   */
  public static BackgroundGates of(
      AbstractMojo mojo,
      MavenSession session,
      MavenProject project,
      MojoExecution execution,
      LifecycleExecutor lifecycle) {
    String label =
        execution == null ? "buildgate goal" : prefix(execution) + ":" + execution.getGoal();
    if (project == null) {
      return new BackgroundGates(mojo, null, label, false, true, "0");
    }
    BuildgateMaven.startSummary(session, project, mojo.getLog());
    @SuppressWarnings("unchecked")
    List<String> plan = (List<String>) project.getContextValue(PLAN_KEY);
    if (plan == null) {
      plan = buildgatePlan(session, lifecycle);
      project.setContextValue(PLAN_KEY, plan);
    }
    int cursor = project.getContextValue(CURSOR_KEY) instanceof Integer i ? i : Integer.valueOf(0);
    boolean inPlan =
        execution != null && cursor < plan.size() && plan.get(cursor).equals(key(execution));
    if (inPlan) {
      project.setContextValue(CURSOR_KEY, cursor + 1);
    } else if (!plan.isEmpty()) {
      // the goals do not run as the plan said (another builder, a forked or embedded run): the
      // plan cannot be trusted for the rest of this project's build, so everything from here on
      // runs in the foreground and waits, as the last goal does
      project.setContextValue(PLAN_KEY, List.of());
      mojo.getLog()
          .debug("Buildgate: " + label + " is not the next goal of the execution plan " + plan);
    }
    SessionSummary.register(session, project, mojo.getLog());
    return new BackgroundGates(
        mojo,
        project,
        label,
        enabled(session, project),
        !inPlan || cursor == plan.size() - 1,
        run(session));
  }

  /**
   * Runs a goal by the rules above.
   *
   * @param mode how the goal takes part
   * @param gate the goal's work
   * @throws MojoExecutionException the goal, or a background gate reported here, could not run
   * @throws MojoFailureException the goal, or a background gate reported here, failed
   */
  public void execute(Mode mode, Gate gate) throws MojoExecutionException, MojoFailureException {
    if (project == null) {
      gate.run();
      return;
    }
    gate = recordingFailure(label, gate);
    reportFinished();
    if (mode == Mode.AFTER_BACKGROUND_GATES) {
      awaitAll(null);
    }
    if (mode == Mode.BACKGROUND && enabled && !last) {
      background(label, gate);
    } else {
      runThenAwaitIfLast(timed(label, false, gate));
    }
  }

  /**
   * Runs part of a goal in the background under the same rules (e.g. removing the stack after its
   * logs were collected): in the foreground when no later Buildgate goal will report it.
   *
   * @param what the label in the log, e.g. {@code integration:down (removing the stack)}
   * @param gate the work
   * @throws MojoExecutionException when run in the foreground and it could not run
   * @throws MojoFailureException when run in the foreground and it failed
   */
  public void background(String what, Gate gate)
      throws MojoExecutionException, MojoFailureException {
    start(what, gate, false);
  }

  /**
   * Runs clean-up work in the background that may outlive the project's build (removing the stack
   * once its logs are kept): like {@link #background}, but the project's last goal and the
   * publishing goals do not wait for it, so the next module of a reactor starts without waiting for
   * containers to stop; the end of the session waits for it and reports it (a failure fails the
   * build there).
   *
   * @param what the label in the log
   * @param gate the work
   * @throws MojoExecutionException when run in the foreground and it could not run
   * @throws MojoFailureException when run in the foreground and it failed
   */
  public void cleanup(String what, Gate gate) throws MojoExecutionException, MojoFailureException {
    start(what, gate, true);
  }

  private void start(String what, Gate gate, boolean cleanup)
      throws MojoExecutionException, MojoFailureException {
    if (project == null || !enabled || last) {
      gate.run();
      return;
    }
    Gate recorded = recordingFailure(what, gate);
    Log log = mojo.getLog();
    BufferedLog buffer = new BufferedLog(log.isDebugEnabled());
    CompletableFuture<Object[]> done = new CompletableFuture<>();
    String name = uniqueName(tasks(), what);
    if (cleanup) {
      cleanups(project).add(name);
    }
    tasks().put(name, done);
    log.info(
        what
            + (cleanup
                ? " runs in the background; a later Buildgate goal or the end of the build"
                    + " reports it ("
                : " runs in the background; a later Buildgate goal reports it (")
            + PROPERTY
            + "=false to run it in order)");
    ClassLoader realm = Thread.currentThread().getContextClassLoader();
    Thread t =
        new Thread(
            () -> {
              long start = System.nanoTime();
              Throwable failure = null;
              try {
                mojo.setLog(buffer);
                timed(what, true, recorded).run();
              } catch (Throwable e) { // reported by a later goal, whatever it is
                failure = e;
              }
              done.complete(
                  new Object[] {
                    buffer.records(), failure, (System.nanoTime() - start) / 1_000_000L
                  });
            },
            "buildgate-background-" + name);
    t.setDaemon(true);
    t.setContextClassLoader(realm);
    t.start();
  }

  /**
   * The gate, and when it fails without a failed section of this build in the pipeline summary, a
   * section saying so: the summary's result never says "passed" for a goal that failed.
   */
  private Gate recordingFailure(String what, Gate gate) {
    return () -> {
      try {
        gate.run();
      } catch (MojoExecutionException | MojoFailureException | RuntimeException e) {
        if (project.getBuild() != null && project.getBuild().getDirectory() != null) {
          try {
            new PipelineSummary(BuildgateMaven.buildgateDir(project))
                .failedUnlessRecorded(
                    "goal-" + what.replaceAll("[^A-Za-z0-9]+", "-"),
                    what,
                    String.valueOf(e.getMessage()));
          } catch (RuntimeException summaryFailed) {
            e.addSuppressed(summaryFailed);
          }
        }
        throw e;
      }
    };
  }

  private void runThenAwaitIfLast(Gate gate) throws MojoExecutionException, MojoFailureException {
    if (!last) {
      folded(label, gate);
      return;
    }
    Throwable own = null;
    try {
      folded(label, gate);
    } catch (MojoExecutionException | MojoFailureException | RuntimeException | Error e) {
      own = e;
    }
    try {
      awaitAll(own);
    } finally {
      showTimeline();
      rethrow(own);
    }
  }

  /** This build's timeline; {@code null} for a project without a build directory (tests). */
  private GateTimeline timeline() {
    return project.getBuild() == null || project.getBuild().getDirectory() == null
        ? null
        : GateTimeline.ofBuild(BuildgateMaven.buildgateDir(project), run);
  }

  /**
   * The build's id (as the pipeline summary records it) names its timeline; an earlier build's is
   * replaced.
   */
  private static String run(MavenSession session) {
    String id = BuildgateMaven.buildId(session);
    return id == null ? "0" : id;
  }

  /** The gate, recording when it ran in the project's {@link GateTimeline}. */
  private Gate timed(String what, boolean inBackground, Gate gate) {
    return () -> {
      Instant start = Instant.now();
      boolean ok = false;
      try {
        gate.run();
        ok = true;
      } finally {
        GateTimeline timeline = timeline();
        if (timeline != null) {
          try {
            timeline.record(new GateTimeline.Entry(what, start, Instant.now(), inBackground, ok));
          } catch (UncheckedIOException e) {
            mojo.getLog().warn("could not record the timeline of " + what + ": " + e.getMessage());
          }
        }
      }
    };
  }

  /**
   * After the last goal: the timeline on the console and in summary.md. The GitHub step summary
   * gets the chart once, at the session's end ({@link SessionSummary}), never from here: with no
   * usable plan every goal is the last one.
   */
  private void showTimeline() {
    GateTimeline timeline = timeline();
    if (timeline == null) {
      return;
    }
    try {
      List<GateTimeline.Entry> entries = timeline.entries();
      GateTimeline.text(entries).forEach(mojo.getLog()::info);
      new PipelineSummary(BuildgateMaven.buildgateDir(project)).refresh();
    } catch (UncheckedIOException e) {
      mojo.getLog().warn("could not write the timeline: " + e.getMessage());
    }
  }

  /** Prints the finished background gates and fails on the first failed one. */
  private void reportFinished() throws MojoExecutionException, MojoFailureException {
    Exception first = null;
    for (Map.Entry<String, CompletableFuture<Object[]>> e : snapshot()) {
      if (e.getValue().isDone()) {
        Exception f = report(e.getKey(), e.getValue());
        first = first == null ? f : first;
      }
    }
    rethrow(first);
  }

  /**
   * Waits for every background gate, prints each one's output and fails on the first failure (after
   * all are done); when {@code own} is set the goal itself failed, and that failure wins.
   */
  private void awaitAll(Throwable own) throws MojoExecutionException, MojoFailureException {
    Exception first = null;
    Set<String> cleanups = cleanups(project);
    for (Map.Entry<String, CompletableFuture<Object[]>> e : snapshot()) {
      if (cleanups.contains(e.getKey()) && !e.getValue().isDone()) {
        continue; // clean-up: the end of the session waits for it
      }
      Exception f = report(e.getKey(), e.getValue());
      first = first == null ? f : first;
    }
    if (own == null) {
      rethrow(first);
    }
  }

  /**
   * Waits for one gate, prints its buffered output and removes it; returns its failure (naming the
   * gate, same kind: failed or could not run) or null.
   */
  private Exception report(String name, CompletableFuture<Object[]> done) {
    return report(tasks(project), mojo.getLog(), name, done);
  }

  /**
   * At the end of the session: waits for the project's background gates that no goal reported (its
   * build stopped before its last Buildgate goal) and prints them.
   *
   * @param project the project
   * @param log where to print
   * @return their failures, each naming its gate
   */
  static List<Exception> reportUnreported(MavenProject project, Log log) {
    List<Exception> failures = new ArrayList<>();
    Map<String, CompletableFuture<Object[]>> tasks = tasks(project);
    for (Map.Entry<String, CompletableFuture<Object[]>> e : snapshot(tasks)) {
      Exception f = report(tasks, log, e.getKey(), e.getValue());
      if (f != null) {
        failures.add(f);
      }
    }
    return failures;
  }

  private static Exception report(
      Map<String, CompletableFuture<Object[]>> tasks,
      Log log,
      String name,
      CompletableFuture<Object[]> done) {
    Object[] result;
    try {
      result = done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new MojoExecutionException("interrupted while waiting for " + name);
    } catch (ExecutionException e) {
      return wrapped(name, e.getCause());
    }
    tasks.remove(name);
    Throwable failure = (Throwable) result[1];
    String header =
        name
            + " (background, "
            + String.format(Locale.ROOT, "%.2f s", ((Long) result[2]) / 1000.0)
            + ") "
            + (failure == null ? "finished:" : "FAILED:");
    if (failure == null) {
      log.info(header);
    } else {
      log.error(header);
    }
    @SuppressWarnings("unchecked")
    List<Object[]> records = (List<Object[]>) result[0];
    boolean folded = openGroup(name + " output");
    try {
      BufferedLog.replay(records, log);
    } finally {
      closeGroup(folded);
    }
    return failure == null ? null : wrapped(name, failure);
  }

  /**
   * Runs {@code work} inside a folded {@code ::group::} of the GitHub Actions log (when the build
   * runs there): a goal's tool output collapses under its name, while the verdict Maven prints
   * after a failure and the annotations stay visible.
   */
  private static void folded(String title, Gate work)
      throws MojoExecutionException, MojoFailureException {
    boolean folded = openGroup(title);
    try {
      work.run();
    } finally {
      closeGroup(folded);
    }
  }

  private static boolean openGroup(String title) {
    if (!GitHubWorkflow.active(System.getenv())) {
      return false;
    }
    GitHubWorkflow.group(System.out, title);
    return true;
  }

  private static void closeGroup(boolean open) {
    if (open) {
      GitHubWorkflow.endGroup(System.out);
    }
  }

  private static Exception wrapped(String name, Throwable failure) {
    String message = name + " (run in the background): " + failure.getMessage();
    if (failure instanceof MojoFailureException) {
      return new MojoFailureException(message, failure);
    }
    return new MojoExecutionException(message, failure);
  }

  private static void rethrow(Throwable own) throws MojoExecutionException, MojoFailureException {
    if (own instanceof MojoExecutionException e) {
      throw e;
    } else if (own instanceof MojoFailureException e) {
      throw e;
    } else if (own instanceof RuntimeException e) {
      throw e;
    } else if (own instanceof Error e) {
      throw e;
    }
  }

  private List<Map.Entry<String, CompletableFuture<Object[]>>> snapshot() {
    return snapshot(tasks());
  }

  private static List<Map.Entry<String, CompletableFuture<Object[]>>> snapshot(
      Map<String, CompletableFuture<Object[]>> tasks) {
    synchronized (tasks) {
      return new ArrayList<>(tasks.entrySet());
    }
  }

  private Map<String, CompletableFuture<Object[]>> tasks() {
    return tasks(project);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, CompletableFuture<Object[]>> tasks(MavenProject project) {
    synchronized (project) {
      Object tasks = project.getContextValue(TASKS_KEY);
      if (tasks == null) {
        tasks = Collections.synchronizedMap(new LinkedHashMap<String, CompletableFuture<?>>());
        project.setContextValue(TASKS_KEY, tasks);
      }
      return (Map<String, CompletableFuture<Object[]>>) tasks;
    }
  }

  /** The names of the project's clean-up tasks ({@link #cleanup}). */
  @SuppressWarnings("unchecked")
  private static Set<String> cleanups(MavenProject project) {
    synchronized (project) {
      Object names = project.getContextValue(CLEANUP_KEY);
      if (names == null) {
        names = Collections.synchronizedSet(new HashSet<String>());
        project.setContextValue(CLEANUP_KEY, names);
      }
      return (Set<String>) names;
    }
  }

  private static String uniqueName(Map<String, ?> tasks, String what) {
    String name = what;
    for (int i = 2; tasks.containsKey(name); i++) {
      name = what + " #" + i;
    }
    return name;
  }

  /** Whether the property allows background gates: user, then system, then project properties. */
  static boolean enabled(MavenSession session, MavenProject project) {
    String v = session == null ? null : session.getUserProperties().getProperty(PROPERTY);
    if (v == null && session != null) {
      v = session.getSystemProperties().getProperty(PROPERTY);
    }
    if (v == null) {
      v = project.getProperties().getProperty(PROPERTY);
    }
    return v == null || !v.trim().equalsIgnoreCase("false");
  }

  /**
   * The Buildgate goals of the plan, in order ({@code artifactId:goal@executionId}); empty when the
   * plan cannot be trusted to be what runs: it cannot be read, or the session is built by another
   * builder than Maven's own single-threaded or multi-threaded one (Maven 4's {@code -b concurrent}
   * runs a project's mojos from a plan of its own).
   */
  static List<String> buildgatePlan(MavenSession session, LifecycleExecutor lifecycle) {
    List<String> keys = new ArrayList<>();
    if (session == null
        || lifecycle == null
        || session.getGoals() == null
        || !TRUSTED_BUILDERS.contains(builderId(session))) {
      return keys;
    }
    try {
      MavenExecutionPlan plan =
          lifecycle.calculateExecutionPlan(
              session, false, session.getGoals().toArray(new String[0]));
      for (MojoExecution e : plan.getMojoExecutions()) {
        if (GROUP_ID.equals(e.getGroupId()) && !"help".equals(e.getGoal())) {
          keys.add(key(e));
        }
      }
    } catch (Exception e) { // no plan: every goal counts as the last one (foreground, waits)
      keys.clear();
    }
    return keys;
  }

  private static String builderId(MavenSession session) {
    String id = session.getRequest() == null ? null : session.getRequest().getBuilderId();
    return id == null ? "singlethreaded" : id;
  }

  static String key(MojoExecution e) {
    return e.getArtifactId() + ":" + e.getGoal() + "@" + e.getExecutionId();
  }

  private static String prefix(MojoExecution e) {
    if (e.getMojoDescriptor() != null
        && e.getMojoDescriptor().getPluginDescriptor() != null
        && e.getMojoDescriptor().getPluginDescriptor().getGoalPrefix() != null) {
      return e.getMojoDescriptor().getPluginDescriptor().getGoalPrefix();
    }
    return e.getArtifactId().replace("-maven-plugin", "");
  }
}
