package dev.buildgate.integration.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.ContainerInfo;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.integration.wait.Readiness;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a stack: {@code docker compose down -v --remove-orphans}, then whatever still carries the
 * project label (containers, networks, volumes).
 */
final class StackTeardown {
  private final StackContext ctx;

  StackTeardown(StackContext ctx) {
    this.ctx = ctx;
  }

  /** Runs down -v --remove-orphans, then removes whatever still carries the project label. */
  void tearDown(ComposeCommand compose, String project) {
    if (ShutdownGuard.jvmShuttingDown() && ShutdownGuard.isRegistered(project)) {
      ctx.log().warn("the JVM is shutting down: the shutdown hook removes stack " + project);
      return;
    }
    long t0 = System.nanoTime();
    try {
      ProcessResult r =
          compose.run(
              ctx.runner(),
              compose.downArgv(ctx.cfg().stopTimeout()),
              ctx.prefixed("compose: "),
              ctx.cfg().downTimeout(),
              null);
      if (r.exitCode() != 0) {
        ctx.log().warn("docker compose down exited " + r.exitCode() + ": " + r.stderrTail(3));
      }
    } catch (ExecException e) {
      ctx.log().warn("docker compose down failed: " + e.getMessage());
    }
    List<String> left = forceRemove(project);
    ShutdownGuard.unregister(project);
    if (left.isEmpty()) {
      ctx.log()
          .info("stack " + project + " removed in " + Readiness.millis(System.nanoTime() - t0));
    } else {
      ctx.log().warn("stack " + project + ": could not remove " + left);
    }
  }

  /** Backstop after compose down: containers, networks, volumes with the project label. */
  private List<String> forceRemove(String project) {
    List<String> left = new ArrayList<>();
    if (ctx.api() != null && nothingLeft(project)) {
      return left; // the usual case: compose removed everything, docker-java is not needed
    }
    try {
      DockerClient c = ctx.engine().client();
      removeContainers(c, project, left);
      String filter = ComposeCommand.PROJECT_LABEL + "=" + project;
      for (Network n : c.listNetworksCmd().withFilter("label", List.of(filter)).exec()) {
        try {
          c.removeNetworkCmd(n.getId()).exec();
        } catch (RuntimeException e) {
          left.add("network " + n.getName());
        }
      }
      var vols = c.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
      if (vols != null) {
        for (var v : vols) {
          try {
            c.removeVolumeCmd(v.getName()).exec();
          } catch (RuntimeException e) {
            left.add("volume " + v.getName());
          }
        }
      }
    } catch (DockerUnavailableException | RuntimeException e) {
      left.add("(engine: " + e.getMessage() + ")");
    }
    return left;
  }

  private void removeContainers(DockerClient c, String project, List<String> left)
      throws DockerUnavailableException {
    for (ContainerInfo ci : ctx.engine().containersByLabel(ComposeCommand.PROJECT_LABEL, project)) {
      try {
        c.removeContainerCmd(ci.id()).withForce(true).withRemoveVolumes(true).exec();
      } catch (RuntimeException e) {
        left.add("container " + ci.names());
      }
    }
  }

  /** Whether no container, network or volume carries the project label (socket API only). */
  private boolean nothingLeft(String project) {
    String filter = EngineApi.labelFilter(ComposeCommand.PROJECT_LABEL + "=" + project);
    try {
      for (String path :
          List.of("/containers/json?all=1&filters=", "/networks?filters=", "/volumes?filters=")) {
        EngineApi.Response r = ctx.api().get(path + filter, Duration.ofSeconds(30));
        if (r.status() != 200) {
          return false;
        }
        JsonNode n = r.json();
        JsonNode items = n.isArray() ? n : n.path("Volumes");
        if (items.isArray() && !items.isEmpty()) {
          return false;
        }
      }
      return true;
    } catch (DockerUnavailableException | IOException | RuntimeException e) {
      return false; // docker-java looks again and says what is wrong
    }
  }
}
