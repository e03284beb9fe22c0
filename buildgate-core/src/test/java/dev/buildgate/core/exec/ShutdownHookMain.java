package dev.buildgate.core.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a separate JVM by {@link ShutdownHookTest}: starts a process tree through {@link
 * LocalProcessRunner}, waits until it is up, then exits the JVM under it.
 */
public final class ShutdownHookMain {

  private ShutdownHookMain() {}

  /**
   * Entry point.
   *
   * @param args the pid file to write
   * @throws Exception on unexpected failures
   */
  public static void main(String[] args) throws Exception {
    Path pidFile = Path.of(args[0]);
    String tmp = pidFile + ".tmp";
    String script =
        "echo $$ > '"
            + tmp
            + "'; sleep 300 & echo $! >> '"
            + tmp
            + "'; ( sleep 301 & echo $! >> '"
            + tmp
            + "' ); mv '"
            + tmp
            + "' '"
            + pidFile
            + "'; wait";
    Thread t =
        new Thread(
            () -> {
              try {
                new LocalProcessRunner()
                    .run(
                        ProcessSpec.builder("bash", "-c", script)
                            .timeout(Duration.ofMinutes(5))
                            .build());
              } catch (ExecException e) {
                System.err.println(e.getMessage());
              }
            });
    t.setDaemon(true);
    t.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    System.exit(Files.exists(pidFile) ? 0 : 3);
  }
}
