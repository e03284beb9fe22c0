package dev.buildgate.integration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tears stacks down when the JVM exits between {@code up} and {@code down} (Ctrl-C, SIGTERM, or a
 * build that failed before post-integration-test). Uses only {@link ProcessBuilder} so nothing has
 * to be class-loaded while the JVM shuts down.
 */
public final class ShutdownGuard {
  private static final Map<String, List<String>> ACTIVE = new ConcurrentHashMap<>();
  private static boolean installed;

  private ShutdownGuard() {}

  /** Registers the argv that tears the project down ({@code docker compose -p x down ...}). */
  public static synchronized void register(String project, List<String> downArgv) {
    if (!installed) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(ShutdownGuard::runAll, "buildgate-integration-teardown"));
      installed = true;
    }
    ACTIVE.put(project, List.copyOf(downArgv));
  }

  public static void unregister(String project) {
    ACTIVE.remove(project);
  }

  public static boolean isRegistered(String project) {
    return ACTIVE.containsKey(project);
  }

  private static void runAll() {
    List<Process> running = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : Map.copyOf(ACTIVE).entrySet()) {
      System.err.println(
          "[buildgate integration] build ended before integration:down: tearing down stack "
              + e.getKey());
      try {
        running.add(
            new ProcessBuilder(e.getValue())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
      } catch (IOException ex) {
        System.err.println("[buildgate integration] could not run docker: " + ex.getMessage());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (Process p : running) {
      try {
        long left = deadline - System.nanoTime();
        if (!p.waitFor(Math.max(1, left), TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    ACTIVE.clear();
  }
}
