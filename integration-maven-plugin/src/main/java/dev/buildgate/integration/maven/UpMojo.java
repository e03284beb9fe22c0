package dev.buildgate.integration.maven;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.kube.KubeStack;
import dev.buildgate.integration.stack.Stack;
import dev.buildgate.integration.stack.StackState;
import dev.buildgate.integration.test.StackUpToDate;
import dev.buildgate.integration.test.TestSpec;
import dev.buildgate.maven.ReactorImages;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the CI compose file from the original file(s) plus the POM overrides, starts the stack
 * ({@code docker compose up -d --remove-orphans}) under a project name unique to this build, waits
 * until every readiness wait holds, and exports the published ports as project properties {@code
 * integration.<service>.<port>} (host:port; plus {@code .host} and {@code .port}).
 */
@Mojo(name = "up", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class UpMojo extends AbstractIntegrationMojo {

  /** Skips integration:up. */
  @Parameter(property = "buildgate.integration.up.skip", defaultValue = "false")
  protected boolean skipUp;

  /**
   * Skips up, test and down when the stack's inputs are unchanged since a run whose tests passed
   * (verify then reports that result as up to date): the rendered compose file, the local id of
   * every service image, the variables the compose file uses, the test command and environment (as
   * configured, before the run's project name, run id and ports are filled in), the files under the
   * test working directory and the readiness waits. Any change, or a failed last run, runs
   * everything; {@code -Dbuildgate.integration.upToDateCheck=false} forces a run.
   */
  @Parameter(property = "buildgate.integration.upToDateCheck", defaultValue = "true")
  protected boolean upToDateCheck;

  /**
   * Globs (relative to the test working directory) of files that are not test inputs, added to the
   * defaults (target, .venv, node_modules, caches, coverage data).
   */
  @Parameter protected List<String> upToDateExcludes;

  // integration:test's settings, read here for the up-to-date decision (same plugin configuration)
  /** The test command (integration:test's), part of the up-to-date decision. */
  @Parameter protected List<String> command;

  /** The test command's working directory (integration:test's), part of the up-to-date decision. */
  @Parameter(property = "buildgate.integration.workingDirectory")
  protected File workingDirectory;

  /** The test command's environment (integration:test's), part of the up-to-date decision. */
  @Parameter protected Map<String, String> environment;

  /** Credentials for the test command (integration:test's), part of the up-to-date decision. */
  @Parameter protected List<Credential> credentials;

  /** The test command's timeout (integration:test's), part of the up-to-date decision. */
  @Parameter(property = "buildgate.integration.testTimeout", defaultValue = "30m")
  protected String testTimeout;

  /** The test reports (integration:test's), part of the up-to-date decision. */
  @Parameter protected List<String> reports;

  /** Parallel test workers (integration:test's), part of the up-to-date decision. */
  @Parameter(property = "buildgate.integration.workers", defaultValue = "0")
  protected int workers;

  /** Per-worker variables (integration:test's), part of the up-to-date decision. */
  @Parameter protected Map<String, String> workerEnvironment;

  /**
   * The build's image prefix (shared with docker-maven-plugin). An override's {@code <image>} under
   * it must have been built in this build by this module or a module it depends on (a {@code
   * <dependency>}, so Maven builds that module first), else integration:up fails with one line.
   */
  @Parameter(property = "buildgate.imagePrefix")
  protected String imagePrefix;

  private List<Map.Entry<String, String>> overrideImages() {
    List<Map.Entry<String, String>> images = new ArrayList<>();
    if (overrides != null) {
      for (ComposeOverride o : overrides) {
        if (o.image != null && !o.image.isBlank()) {
          images.add(Map.entry("override '" + o.service + "'", o.image.trim()));
        }
      }
    }
    return images;
  }

  private static final Set<String> PHASES_WITH_DOWN =
      Set.of("post-integration-test", "verify", "install", "deploy");

  /**
   * Whether integration:down runs later in this build (a phase from post-integration-test on, or
   * the goal itself). When not ({@code mvn integration:up} alone), no shutdown hook is registered:
   * the stack is meant to outlive this Maven.
   */
  static boolean downFollows(List<String> goals) {
    for (String g : goals) {
      if (PHASES_WITH_DOWN.contains(g) || g.endsWith(":down")) {
        return true;
      }
    }
    return false;
  }

  private StackUpToDate.Inputs upToDateInputs(dev.buildgate.integration.stack.StackConfig cfg)
      throws MojoExecutionException {
    TestSpec test =
        new TestSpec(
            command == null ? List.of() : command,
            workingDirectory == null ? basedir() : workingDirectory.toPath(),
            environment,
            List.of(),
            duration("<testTimeout>", testTimeout),
            reports,
            basedir(),
            workers,
            workerEnvironment);
    List<String> creds = new ArrayList<>();
    for (Credential c : credentials == null ? List.<Credential>of() : credentials) {
      creds.add(
          String.join(
              ",",
              String.valueOf(c.server),
              String.valueOf(c.usernameFrom),
              String.valueOf(c.passwordFrom),
              String.valueOf(c.usernameVariable),
              String.valueOf(c.passwordVariable)));
    }
    return new StackUpToDate.Inputs(cfg, test, creds, upToDateExcludes);
  }

  @Override
  protected String goal() {
    return "up";
  }

  @Override
  protected boolean goalSkipped() {
    return skipUp;
  }

  @Override
  protected void run() throws MojoExecutionException, IntegrationConfigException {
    if (!hasKubernetes()) {
      runStack();
      return;
    }
    // the Kubernetes part first (compose services may mount its kubeconfig); its waits run after
    // the stack's, with the same deadline (integration:up's start + readinessTimeout)
    java.time.Instant deadline =
        java.time.Instant.now().plus(duration("<readinessTimeout>", readinessTimeout));
    KubeStack kube = kubeStack();
    if (downFollows(session.getGoals())) {
      kube.stopClusterAtExit();
    }
    KubeStack.State state;
    try {
      state = kube.up(null);
    } catch (StackException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while starting the Kubernetes part");
    }
    state.properties().forEach((k, v) -> project.getProperties().setProperty(k, v));
    Map<String, String> env =
        composeEnvironment == null
            ? new java.util.LinkedHashMap<>()
            : new java.util.LinkedHashMap<>(composeEnvironment);
    env.put("BUILDGATE_KUBECONFIG", state.kubeconfig().toString());
    env.put("BUILDGATE_KUBE_NAMESPACE", state.namespace());
    env.put("BUILDGATE_KUBE_SERVER", state.server());
    composeEnvironment = env;
    upToDateCheck = false; // the cluster's objects are not inputs the check can see
    boolean ok = false;
    try {
      runStack();
      kube.await(state, deadline);
      ok = true;
    } catch (StackException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while waiting on Kubernetes objects");
    } finally {
      if (!ok) {
        try {
          kube.down();
        } catch (IntegrationConfigException | StackException e) {
          getLog().warn(e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void runStack() throws MojoExecutionException, IntegrationConfigException {
    if (!hasComposeFile()) {
      getLog()
          .info(
              "integration:up: no compose file (<composeFiles>, or docker-compose.yaml /"
                  + " compose.yaml in "
                  + basedir()
                  + "): no stack to start");
      return;
    }
    String unbuilt = ReactorImages.unbuilt(session, project, imagePrefix, overrideImages());
    if (unbuilt != null) {
      throw new MojoExecutionException("integration:up: <overrides>: " + unbuilt);
    }
    var cfg = stackConfig();
    try (DockerEngine engine = engine()) {
      StackUpToDate.Decision decision =
          upToDate().decide(upToDateInputs(cfg), StackUpToDate.ImageIds.of(engine), upToDateCheck);
      if (decision.upToDate()) {
        getLog()
            .info(
                "integration:up UP-TO-DATE: "
                    + decision.reason()
                    + " ("
                    + decision.lastResult().summary()
                    + "); stack not started (-Dbuildgate.integration.upToDateCheck=false to run)");
        return;
      }
      if (upToDateCheck) {
        getLog().info("integration:up: running the stack (" + decision.reason() + ")");
      }
      Stack stack = new Stack(cfg, engine, new LocalProcessRunner(), gateLog(), knownSecrets());
      boolean downFollows = downFollows(session.getGoals());
      StackState state = stack.up(downFollows);
      for (Map.Entry<String, String> e : state.properties().entrySet()) {
        project.getProperties().setProperty(e.getKey(), e.getValue());
      }
      project.getProperties().setProperty("integration.logsDir", cfg.logsDir().toString());
      getLog()
          .info(
              "stack " + state.project() + " is ready (" + state.services().size() + " services)");
      if (!downFollows && !cfg.keep()) {
        getLog()
            .warn(
                "integration:down is not part of this build ("
                    + String.join(" ", session.getGoals())
                    + "): stack "
                    + state.project()
                    + " keeps running; remove it with mvn integration:down");
      }
    } catch (StackException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while starting the stack");
    }
  }
}
