package dev.buildgate.integration.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tears stacks down when the JVM exits between {@code up} and {@code down} (Ctrl-C, SIGTERM, or a
 * build that failed before post-integration-test): first the stack log is saved, then {@code down
 * -v}. Uses only {@link ProcessBuilder} so nothing has to be class-loaded while the JVM shuts down.
 */
public final class ShutdownGuard {
  private static final Map<String, Teardown> ACTIVE = new ConcurrentHashMap<>();
  private static boolean installed;

  private ShutdownGuard() {}

  private record Teardown(List<String> logsArgv, File logFile, List<String> downArgv) {}

  /**
   * Registers how to save the log of and tear down a project.
   *
   * @param project compose project
   * @param logsArgv {@code docker compose ... logs} (or null)
   * @param logFile where its output goes (or null)
   * @param downArgv {@code docker compose ... down -v ...}
   */
  public static synchronized void register(
      String project, List<String> logsArgv, Path logFile, List<String> downArgv) {
    if (!installed) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ShutdownGuard::runAll, "buildgate-integration-teardown"));
      installed = true;
    }
    ACTIVE.put(
        project,
        new Teardown(
            logsArgv == null ? null : List.copyOf(logsArgv),
            logFile == null ? null : logFile.toFile(),
            List.copyOf(downArgv)));
  }

  public static void unregister(String project) {
    ACTIVE.remove(project);
  }

  /** Whether the JVM is already running its shutdown hooks (no process can be started then). */
  public static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  public static boolean isRegistered(String project) {
    return ACTIVE.containsKey(project);
  }

  private static void runAll() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (Map.Entry<String, Teardown> e : Map.copyOf(ACTIVE).entrySet()) {
      System.err.println(
          "[buildgate integration] build ended before integration:down: tearing down stack "
              + e.getKey());
      Teardown t = e.getValue();
      if (t.logsArgv() != null && t.logFile() != null) {
        run(
            new ProcessBuilder(t.logsArgv())
                .redirectOutput(t.logFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD),
            Math.min(30, seconds(deadline)));
      }
      run(
          new ProcessBuilder(t.downArgv())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD),
          seconds(deadline));
    }
    ACTIVE.clear();
  }

  private static long seconds(long deadline) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
  }

  private static void run(ProcessBuilder pb, long timeoutSeconds) {
    try {
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException ex) {
      System.err.println("[buildgate integration] could not run docker: " + ex.getMessage());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
