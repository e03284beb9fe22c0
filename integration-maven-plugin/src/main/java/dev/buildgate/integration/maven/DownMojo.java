package dev.buildgate.integration.maven;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.stack.Stack;
import dev.buildgate.integration.stack.StackState;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Always collects the full stack log, per-service logs, {@code docker inspect} of each container,
 * the stack's events and {@code ps} into {@code target/buildgate/integration/logs/}, then runs
 * {@code docker compose down -v --remove-orphans} (in the background when a later Buildgate goal
 * reports it, see {@code BackgroundGates}). Works alone ({@code mvn integration:down}): it finds
 * the stack from {@code stack.json}, and removes stacks that earlier crashed or killed builds of
 * this project left (found by label; stacks of builds still running are left alone).
 */
@Mojo(name = "down", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class DownMojo extends AbstractIntegrationMojo {

  /** Skips integration:down (the shutdown hook still removes a stack at JVM exit). */
  @Parameter(property = "buildgate.integration.down.skip", defaultValue = "false")
  protected boolean skipDown;

  @Override
  protected String goal() {
    return "down";
  }

  @Override
  protected boolean goalSkipped() {
    return skipDown;
  }

  /** Collects the namespace's objects, events and pod logs, deletes it (and stale ones). */
  private void downKubernetes() throws MojoExecutionException, IntegrationConfigException {
    try {
      String ns = kubeStack().down();
      if (ns == null) {
        getLog().info("integration:down: no Kubernetes namespace recorded for this build");
      }
    } catch (StackException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while deleting the Kubernetes namespace");
    }
  }

  @Override
  protected void run()
      throws MojoExecutionException, MojoFailureException, IntegrationConfigException {
    if (upToDate().skipped()) {
      getLog().info("integration:down UP-TO-DATE: no stack was started");
      return;
    }
    if (hasKubernetes()) {
      downKubernetes();
    }
    var cfg = stackConfig();
    if (!hasComposeFile() && !java.nio.file.Files.exists(cfg.stateFile())) {
      if (hasKubernetes()) {
        return;
      }
      getLog().info("integration:down: no compose file and no stack state: nothing to tear down");
      return;
    }
    DockerEngine engine = engine();
    Stack stack = new Stack(cfg, engine, new LocalProcessRunner(), gateLog(), knownSecrets());
    StackState state;
    try {
      state = stack.recorded();
      stack.collect(state); // logs first: they are kept whatever happens next
    } catch (StackException e) {
      engine.close();
      throw new MojoExecutionException(e.getMessage());
    }
    // nothing later reads the stack: removing it (compose down, ~1 s of container stops) overlaps
    // the next goals and the next modules of a reactor; the end of the build waits for it, and
    // until it is done the shutdown hook still removes it if the build ends early
    gates.cleanup(
        "integration:down (removing the stack)",
        () -> {
          try (engine) {
            if (!stack.remove(state)) {
              getLog().info("no stack of this build was running");
            }
          } catch (StackException e) {
            throw new MojoExecutionException(e.getMessage());
          }
        });
  }
}
