package dev.buildgate.core.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fixed pool of named daemon threads for a goal's concurrent work (analyzers, image builds,
 * scans, log collection): daemon, so a build that ends early never waits for them (the process
 * runner's shutdown hook stops what they started).
 */
public final class DaemonPool {

  private DaemonPool() {}

  /**
   * A fixed pool.
   *
   * @param threads how many at once (at least one)
   * @param name the threads' name, e.g. {@code buildgate-trivy}
   * @return the pool; the caller shuts it down
   */
  public static ExecutorService fixed(int threads, String name) {
    return Executors.newFixedThreadPool(
        Math.max(1, threads),
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
