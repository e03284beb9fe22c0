package dev.buildgate.integration.maven;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.integration.Stack;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackState;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Always collects the full stack log, per-service logs, {@code docker inspect} of each container,
 * the stack's events and {@code ps} into {@code target/buildgate/integration/logs/}, then runs
 * {@code docker compose down -v --remove-orphans}. Works alone ({@code mvn integration:down}): it
 * finds the stack from {@code stack.json}, and removes stacks that earlier crashed or killed builds
 * of this project left (found by label; stacks of builds still running are left alone).
 */
@Mojo(name = "down", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class DownMojo extends AbstractIntegrationMojo {

  /** Skips integration:down (the shutdown hook still removes a stack at JVM exit). */
  @Parameter(property = "integration.down.skip", defaultValue = "false")
  protected boolean skipDown;

  @Override
  protected String goal() {
    return "down";
  }

  @Override
  protected boolean goalSkipped() {
    return skipDown;
  }

  @Override
  protected void run() throws MojoExecutionException {
    if (upToDate().skipped()) {
      getLog().info("integration:down UP-TO-DATE: no stack was started");
      return;
    }
    var cfg = stackConfig();
    if (!hasComposeFile() && !java.nio.file.Files.exists(cfg.stateFile())) {
      getLog().info("integration:down: no compose file and no stack state: nothing to tear down");
      return;
    }
    try (DockerEngine engine = engine()) {
      Stack stack = new Stack(cfg, engine, new LocalProcessRunner(), log());
      StackState state = stack.recorded();
      stack.collect(state); // logs first, then removal (which may run in the background)
      if (!stack.remove(state)) {
        getLog().info("no stack of this build was running");
      }
    } catch (StackException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }
}
