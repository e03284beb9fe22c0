package dev.buildgate.maven;

import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * The one skeleton of every Buildgate goal: the injected Maven objects, a {@code final} {@link
 * #execute()} (background gates and the session summary, the plugin's and the goal's skip property,
 * then the goal's {@link #run()}), and the mapping of what the goal throws to Maven's two outcomes
 * with a one-line message: the gate failed ({@link MojoFailureException}) or could not run ({@link
 * MojoExecutionException}).
 *
 * <p>A plugin's base mojo adds only its own parameters (its {@code skip} among them, since the
 * property is the plugin's) and answers {@link #plugin()} and {@link #pluginSkipped()}. A goal
 * answers {@link #goal()}, {@link #goalSkipped()}, {@link #mode()} and implements {@link #run()}.
 */
public abstract class AbstractGateMojo extends AbstractMojo {

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true)
  protected MojoExecution mojoExecution;

  /** Reads the execution plan (see {@link BackgroundGates}). */
  @Inject protected LifecycleExecutor lifecycleExecutor;

  /** This execution's view of the background gates; set while the goal runs. */
  protected BackgroundGates gates;

  /**
   * The plugin's short name, the prefix of its goals and properties, e.g. {@code quality}.
   *
   * @return the name
   */
  protected abstract String plugin();

  /**
   * The goal's name, e.g. {@code lint}.
   *
   * @return the name
   */
  protected abstract String goal();

  /**
   * Whether the plugin's skip property ({@code buildgate.<plugin>.skip}) is set.
   *
   * @return true to skip every goal of the plugin
   */
  protected abstract boolean pluginSkipped();

  /**
   * Whether the goal's own skip property ({@code buildgate.<plugin>.<goal>.skip}) is set.
   *
   * @return true to skip this goal
   */
  protected abstract boolean goalSkipped();

  /**
   * How the goal takes part in the background gates; default {@link BackgroundGates.Mode#FOREGROUND
   * FOREGROUND} (a later goal needs its result).
   *
   * @return the mode
   */
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode.FOREGROUND;
  }

  /**
   * The goal's work, once it is not skipped. Domain exceptions may propagate: a {@link
   * GateFailedException} fails the gate; any other means the gate could not run.
   *
   * @throws Exception the gate failed or could not run
   */
  protected abstract void run() throws Exception;

  /**
   * Records a skip by a property in the pipeline summary (the goals that report a section say
   * SKIPPED there, and why). Default: nothing.
   *
   * @param property the property that skipped the goal, e.g. {@code buildgate.docs.skip}
   */
  protected void skipped(String property) {}

  /**
   * Other reasons of the plugin to skip the goal (integration: {@code -DskipTests}); logs and
   * records the skip itself. Default: none.
   *
   * @return true to skip
   */
  protected boolean skippedByBuild() {
    return false;
  }

  /**
   * This goal's log as the domain code's {@link GateLog} (thread-safe: Maven's log is).
   *
   * @return the log
   */
  protected final GateLog gateLog() {
    Log log = getLog();
    return new GateLog() {
      @Override
      public void info(String line) {
        log.info(line);
      }

      @Override
      public void warn(String line) {
        log.warn(line);
      }

      @Override
      public void debug(String line) {
        log.debug(line);
      }

      @Override
      public void error(String line) {
        log.error(line);
      }
    };
  }

  /**
   * Runs the goal: reports finished background gates, then skips it or runs it in the mode of
   * {@link #mode()}.
   */
  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    gates = BackgroundGates.of(this, session, project, mojoExecution, lifecycleExecutor);
    gates.execute(mode(), this::runGate);
  }

  private void runGate() throws MojoExecutionException, MojoFailureException {
    String property = skipProperty();
    if (property != null) {
      getLog().info(plugin() + ":" + goal() + " skipped (" + property + ")");
      skipped(property);
      return;
    }
    if (skippedByBuild()) {
      return;
    }
    try {
      run();
    } catch (MojoExecutionException | MojoFailureException | RuntimeException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException(plugin() + ":" + goal() + " interrupted", e);
    } catch (Exception e) {
      if (e instanceof GateFailedException) {
        throw new MojoFailureException(oneLine(e));
      }
      throw new MojoExecutionException(oneLine(e), e);
    }
  }

  /**
   * The skip property that is set, the plugin's first.
   *
   * @return the property, or null when the goal runs
   */
  protected final String skipProperty() {
    if (pluginSkipped()) {
      return "buildgate." + plugin() + ".skip";
    }
    if (goalSkipped()) {
      return "buildgate." + plugin() + "." + goal() + ".skip";
    }
    return null;
  }

  /**
   * The message of an exception for the console: its message, else its type.
   *
   * @param e the exception
   * @return the message
   */
  static String oneLine(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  /**
   * Sets the project, as Maven injects it (embedders, tests).
   *
   * @param project the project
   */
  public void setProject(MavenProject project) {
    this.project = project;
  }

  /**
   * Sets the session, as Maven injects it (embedders, tests).
   *
   * @param session the session
   */
  public void setSession(MavenSession session) {
    this.session = session;
  }

  /**
   * The project the goal runs in.
   *
   * @return the project
   */
  public MavenProject getProject() {
    return project;
  }

  /**
   * The session the goal runs in.
   *
   * @return the session
   */
  public MavenSession getSession() {
    return session;
  }
}
