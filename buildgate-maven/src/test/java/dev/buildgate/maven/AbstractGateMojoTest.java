package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.gate.GateFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The skeleton's skip rules and its mapping of what a goal throws (no project: foreground). */
class AbstractGateMojoTest {

  /** Thrown by the test goal for "the gate failed". */
  static final class Failed extends GateFailedException {
    Failed(String m) {
      super(m);
    }
  }

  /** A goal of a plugin "demo" that records its log and throws what it is told. */
  static final class Goal extends AbstractGateMojo {
    final List<String> lines = new ArrayList<>();
    final List<String> skippedBy = new ArrayList<>();
    boolean pluginSkip;
    boolean goalSkip;
    boolean buildSkip;
    Exception toThrow;
    int runs;

    Goal() {
      setLog(
          new SystemStreamLog() {
            @Override
            public void info(CharSequence c) {
              lines.add(c.toString());
            }
          });
    }

    @Override
    protected String plugin() {
      return "demo";
    }

    @Override
    protected String goal() {
      return "check";
    }

    @Override
    protected boolean pluginSkipped() {
      return pluginSkip;
    }

    @Override
    protected boolean goalSkipped() {
      return goalSkip;
    }

    @Override
    protected boolean skippedByBuild() {
      return buildSkip;
    }

    @Override
    protected void skipped(String property) {
      skippedBy.add(property);
    }

    @Override
    protected void run() throws Exception {
      runs++;
      if (toThrow != null) {
        throw toThrow;
      }
    }
  }

  @Test
  void thePluginsSkipWinsOverTheGoalsAndIsLoggedInOneForm() throws Exception {
    Goal g = new Goal();
    g.pluginSkip = true;
    g.goalSkip = true;
    g.execute();
    assertThat(g.runs).isZero();
    assertThat(g.lines).containsExactly("demo:check skipped (buildgate.demo.skip)");
    assertThat(g.skippedBy).containsExactly("buildgate.demo.skip");

    Goal h = new Goal();
    h.goalSkip = true;
    h.execute();
    assertThat(h.lines).containsExactly("demo:check skipped (buildgate.demo.check.skip)");
    assertThat(h.skippedBy).containsExactly("buildgate.demo.check.skip");
  }

  @Test
  void aPluginsOwnSkipRuleStopsTheGoal() throws Exception {
    Goal g = new Goal();
    g.buildSkip = true;
    g.execute();
    assertThat(g.runs).isZero();
    assertThat(g.skippedBy).isEmpty();
  }

  @Test
  void aGoalThatIsNotSkippedRuns() throws Exception {
    Goal g = new Goal();
    g.execute();
    assertThat(g.runs).isEqualTo(1);
    assertThat(g.lines).isEmpty();
  }

  @Test
  void aFailedGateIsAFailureAndAnythingElseCouldNotRun() {
    Goal g = new Goal();
    g.toThrow = new Failed("demo: 3 findings (1 new)");
    assertThatThrownBy(g::execute)
        .isExactlyInstanceOf(MojoFailureException.class)
        .hasMessage("demo: 3 findings (1 new)");

    Goal h = new Goal();
    h.toThrow = new IOException("demo: cannot read config.yml: no such file");
    assertThatThrownBy(h::execute)
        .isExactlyInstanceOf(MojoExecutionException.class)
        .hasMessage("demo: cannot read config.yml: no such file")
        .hasCauseInstanceOf(IOException.class);

    Goal i = new Goal();
    i.toThrow = new IOException();
    assertThatThrownBy(i::execute).hasMessage("IOException");
  }

  @Test
  void mojoExceptionsAndBugsPassUnchanged() {
    MojoFailureException failure = new MojoFailureException("as is");
    Goal g = new Goal();
    g.toThrow = failure;
    assertThatThrownBy(g::execute).isSameAs(failure);

    Goal h = new Goal();
    IllegalStateException bug = new IllegalStateException("a bug keeps its stack trace");
    h.toThrow = bug;
    assertThatThrownBy(h::execute).isSameAs(bug);
  }

  @Test
  void anInterruptIsOneLineAndKeepsTheFlag() {
    Goal g = new Goal();
    g.toThrow = new InterruptedException();
    try {
      assertThatThrownBy(g::execute)
          .isExactlyInstanceOf(MojoExecutionException.class)
          .hasMessage("demo:check interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
