package dev.buildgate.integration.stack;

import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.ContainerInfo;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.compose.RunFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sweep: stacks of this Maven project whose owning Maven process on this host is gone (a
 * crashed or killed build), found by the labels of the run file, are removed. Stacks of live builds
 * (e.g. a parallel one) are left alone.
 */
final class StaleStacks {
  private final StackContext ctx;
  private final StackTeardown teardown;
  private final LogCollector logs;

  StaleStacks(StackContext ctx, StackTeardown teardown, LogCollector logs) {
    this.ctx = ctx;
    this.teardown = teardown;
    this.logs = logs;
  }

  /**
   * Removes the stacks of crashed builds of this project.
   *
   * @param except a project not to remove (this build's), or null
   * @param collect collect their logs first (into a folder per project under the logs directory)
   * @return the projects removed
   */
  List<String> remove(String except, boolean collect) throws StackException {
    Map<String, String> owners = new TreeMap<>();
    try {
      for (Map<String, String> labels :
          labelsOfContainers(RunFile.PROJECT_KEY_LABEL, ctx.cfg().projectKey())) {
        String p = labels.get(ComposeCommand.PROJECT_LABEL);
        if (p != null && !p.equals(except)) {
          owners.putIfAbsent(p, labels.getOrDefault(RunFile.OWNER_LABEL, ""));
        }
      }
    } catch (DockerUnavailableException e) {
      throw new StackException(e.getMessage(), e);
    }
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, String> e : owners.entrySet()) {
      if (!ownerGone(e.getValue())) {
        ctx.log()
            .debug("stack " + e.getKey() + " belongs to a running build (" + e.getValue() + ")");
        continue;
      }
      ctx.log()
          .info("removing stack " + e.getKey() + " left by a crashed build (" + e.getValue() + ")");
      ComposeCommand stale = ctx.compose(e.getKey(), false);
      if (collect) {
        logs.collect(
            stale,
            e.getKey(),
            System.currentTimeMillis() - Duration.ofDays(1).toMillis(),
            ctx.cfg().logsDir().resolve(e.getKey()));
      }
      teardown.tearDown(stale, e.getKey());
      removed.add(e.getKey());
    }
    return removed;
  }

  /** The labels of every container (also stopped ones) carrying a label. */
  private List<Map<String, String>> labelsOfContainers(String key, String value)
      throws DockerUnavailableException {
    List<Map<String, String>> out = new ArrayList<>();
    if (ctx.api() != null) {
      for (EngineApi.Container c : ctx.api().containersByLabel(key, value)) {
        out.add(c.labels());
      }
      return out;
    }
    for (ContainerInfo ci : ctx.engine().containersByLabel(key, value)) {
      out.add(ci.labels() == null ? Map.of() : ci.labels());
    }
    return out;
  }

  /** host/pid of this JVM. */
  static String owner() {
    return hostName() + "/" + ProcessHandle.current().pid();
  }

  static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      try {
        h = Files.readString(Path.of("/etc/hostname")).trim();
      } catch (IOException | RuntimeException e) {
        h = "";
      }
    }
    return h.isBlank() ? "localhost" : h;
  }

  /** Whether the Maven of an owner label ran on this host and is gone. */
  static boolean ownerGone(String owner) {
    int slash = owner.lastIndexOf('/');
    if (slash <= 0) {
      return false;
    }
    if (!owner.substring(0, slash).equals(hostName())) {
      return false; // another machine's build: cannot tell
    }
    try {
      long pid = Long.parseLong(owner.substring(slash + 1));
      if (pid == ProcessHandle.current().pid()) {
        return false;
      }
      return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
