package dev.buildgate.maven;

import dev.buildgate.core.summary.GateTimeline;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.ReactorSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Prints the pipeline summary (result and status table) through Maven's logger when the session
 * ends, after every module of the reactor, so {@code mvn verify} ends with one view of every gate
 * in the console, in {@code -l} log files and in IDEs (a passed summary is INFO, a failed one
 * ERROR, so {@code -q} still shows a failing pipeline). With several modules it first writes one
 * summary of all of them to the execution root's {@code target/buildgate/summary.md}; the summary
 * shown is appended to {@code $GITHUB_STEP_SUMMARY} once.
 *
 * <p>The first Buildgate goal of a session wraps the request's {@link ExecutionListener} (Maven
 * fires every event to the listener the request has at that moment, in Maven 3.9 and 4, for any
 * builder, and fires the session's end also when the build failed). Background gates no goal
 * reported by then (a module stopped by another one's failure) are awaited and reported there; a
 * failed one fails the build. A build killed before its end (Ctrl-C) still prints the table from a
 * shutdown hook, to the console.
 */
public final class SessionSummary {

  /** Project context key: a Buildgate goal ran in this project in this session. */
  static final String RAN_KEY = "buildgate.session.ran";

  private SessionSummary() {}

  /**
   * Called by every Buildgate goal (from {@link BackgroundGates#of}): marks the project and, once
   * per session, hooks the end of the session.
   *
   * @param session the session (null in a test harness: nothing is hooked)
   * @param project the project
   * @param log the goal's log, used for the summary at the end
   */
  static void register(MavenSession session, MavenProject project, Log log) {
    project.setContextValue(RAN_KEY, Boolean.TRUE);
    MavenExecutionRequest request = session == null ? null : session.getRequest();
    if (request == null) {
      return;
    }
    synchronized (request) { // shared by every thread and plugin realm of the session
      ExecutionListener current = request.getExecutionListener();
      if (current != null
          && Proxy.isProxyClass(current.getClass())
          && Proxy.getInvocationHandler(current)
              .getClass()
              .getName()
              .equals(EndOfSession.class.getName())) {
        return; // hooked by this or another plugin's copy of this class
      }
      EndOfSession end = new EndOfSession(current, log);
      request.setExecutionListener(
          (ExecutionListener)
              Proxy.newProxyInstance(
                  SessionSummary.class.getClassLoader(),
                  new Class<?>[] {ExecutionListener.class},
                  end));
      end.hookExit(session);
    }
  }

  /** Forwards every event; at the session's end prints the summary first. */
  static final class EndOfSession implements InvocationHandler {
    private final ExecutionListener delegate;
    private final Log log;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Thread exitHook;

    EndOfSession(ExecutionListener delegate, Log log) {
      this.delegate = delegate;
      this.log = log;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "Buildgate session summary, then " + delegate;
        case "sessionEnded":
          sessionEnded(((ExecutionEvent) args[0]).getSession());
          break;
        default:
          break;
      }
      if (delegate == null) {
        return null;
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private void sessionEnded(MavenSession session) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      if (exitHook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
          // the JVM is already exiting
        }
      }
      try {
        for (MavenProject p : ran(session)) {
          for (Exception e : BackgroundGates.reportUnreported(p, log)) {
            session.getResult().addException(e);
          }
        }
        List<String> lines = new ArrayList<>(summarize(session));
        boolean buildFailed = session.getResult().hasExceptions();
        boolean failed = buildFailed || (!lines.isEmpty() && lines.get(1).contains("failed"));
        if (buildFailed && !lines.isEmpty() && !lines.get(1).contains("failed")) {
          // a goal failed before it recorded a step (bad configuration, a missing image)
          lines.add("  The build failed outside these steps: see the errors below");
        }
        for (String line : lines) {
          if (failed) {
            log.error(line);
          } else {
            log.info(line);
          }
        }
      } catch (RuntimeException e) {
        log.warn("Buildgate: could not print the pipeline summary: " + e.getMessage());
      }
    }

    /** The Maven launcher's JVM only: an embedder (IDE) keeps its JVM and ends its sessions. */
    void hookExit(MavenSession session) {
      if (System.getProperty("maven.home") == null) {
        return;
      }
      PrintStream out = System.out;
      exitHook =
          new Thread(
              () -> {
                if (done.compareAndSet(false, true)) {
                  try {
                    summarize(session).forEach(l -> out.println("[INFO] " + l));
                    out.flush();
                  } catch (RuntimeException e) {
                    // best effort while the JVM goes down
                  }
                }
              },
              "buildgate-summary-at-exit");
      Runtime.getRuntime().addShutdownHook(exitHook);
    }
  }

  /** The projects of the session in which a Buildgate goal ran, in reactor order. */
  static List<MavenProject> ran(MavenSession session) {
    List<MavenProject> out = new ArrayList<>();
    for (MavenProject p : session.getProjects()) {
      if (Boolean.TRUE.equals(p.getContextValue(RAN_KEY))) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Writes the reactor summary when several modules ran Buildgate goals, appends the summary to
   * {@code $GITHUB_STEP_SUMMARY} and returns the lines to print: a heading naming the file, the
   * result and the status table; empty when no summary was written.
   */
  static List<String> summarize(MavenSession session) {
    return summarize(session, System.getenv());
  }

  /** {@link #summarize(MavenSession)} with the given environment ({@code GITHUB_STEP_SUMMARY}). */
  static List<String> summarize(MavenSession session, Map<String, String> env) {
    List<MavenProject> ran = ran(session);
    if (ran.isEmpty()) {
      return List.of();
    }
    Path file;
    String markdown;
    if (ran.size() == 1) {
      file = BuildgateMaven.buildgateDir(ran.get(0)).resolve(PipelineSummary.FILE_NAME);
      try {
        markdown = Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return List.of(); // every goal skipped before writing a section
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      List<ReactorSummary.Module> modules = new ArrayList<>();
      for (MavenProject p : ran) {
        modules.add(new ReactorSummary.Module(p.getArtifactId(), BuildgateMaven.buildgateDir(p)));
      }
      // the execution root's project, when it is part of the build (not with -pl a,b -am)
      MavenProject top = session.getTopLevelProject();
      boolean rootBuilt = top != null && top.isExecutionRoot() && top.getBuild() != null;
      Path root = Path.of(session.getExecutionRootDirectory());
      Path rootDir =
          rootBuilt
              ? BuildgateMaven.buildgateDir(top)
              : root.resolve("target").resolve(BuildgateMaven.DIRECTORY);
      String title = rootBuilt ? top.getArtifactId() : String.valueOf(root.getFileName());
      markdown = new ReactorSummary(title, modules).writeTo(rootDir);
      file = rootDir.resolve(PipelineSummary.FILE_NAME);
    }
    if (ran.size() == 1) {
      new PipelineSummary(file.getParent()).appendToGitHubStepSummary(env);
    } else {
      ReactorSummary.appendToGitHubStepSummary(env, markdown, file);
    }
    appendTimelines(session, ran, env);
    List<String> lines = new ArrayList<>();
    lines.add("Buildgate pipeline summary (" + file + "):");
    for (String line : statusLines(markdown.lines().toList())) {
      lines.add("  " + line);
    }
    return lines.size() == 1 ? List.of() : lines;
  }

  /**
   * The one place the Mermaid timeline goes to {@code $GITHUB_STEP_SUMMARY}: once per session, this
   * build's runs only (an earlier build's timeline left in {@code target/} is never shown).
   */
  private static void appendTimelines(
      MavenSession session, List<MavenProject> ran, Map<String, String> env) {
    String build = BuildgateMaven.buildId(session);
    if (build == null) {
      return;
    }
    for (MavenProject p : ran) {
      GateTimeline.appendToStepSummary(
          GateTimeline.ofBuild(BuildgateMaven.buildgateDir(p), build).entries(), env);
    }
  }

  /** The result line and the status table of a rendered summary; empty when there is none. */
  static List<String> statusLines(List<String> summary) {
    List<String> lines = new ArrayList<>();
    boolean inTable = false;
    for (String line : summary) {
      if (line.startsWith("**Result:**")) {
        lines.add(line.replace("**", ""));
      } else if (line.startsWith("|")) {
        inTable = true;
        if (!line.startsWith("|---")) {
          lines.add(line);
        }
      } else if (inTable) {
        break;
      }
    }
    return lines;
  }
}
