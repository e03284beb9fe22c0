package dev.buildgate.integration.maven;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.Stack;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackState;
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
  @Parameter(property = "integration.up.skip", defaultValue = "false")
  protected boolean skipUp;

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

  @Override
  protected String goal() {
    return "up";
  }

  @Override
  protected boolean goalSkipped() {
    return skipUp;
  }

  @Override
  protected void run() throws MojoExecutionException {
    if (!hasComposeFile()) {
      getLog()
          .info(
              "integration:up: no compose file (<composeFiles>, or docker-compose.yaml /"
                  + " compose.yaml in "
                  + basedir()
                  + "): no stack to start");
      return;
    }
    var cfg = stackConfig();
    try (DockerEngine engine = engine()) {
      Stack stack = new Stack(cfg, engine, new LocalProcessRunner(), log());
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
    } catch (IntegrationConfigException e) {
      throw configError(e);
    } catch (StackException e) {
      throw new MojoExecutionException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while starting the stack");
    }
  }
}
