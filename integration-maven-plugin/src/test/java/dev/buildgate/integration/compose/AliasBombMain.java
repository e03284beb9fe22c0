package dev.buildgate.integration.compose;

import dev.buildgate.integration.IntegrationConfigException;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a JVM of its own with a small heap by {@link AliasBombTest}: renders a compose file and
 * prints the outcome on one line (exit 0: refused with a configuration error, 1: rendered, 3: out
 * of memory).
 */
public final class AliasBombMain {

  private AliasBombMain() {}

  /**
   * Entry point.
   *
   * @param args the compose file
   */
  public static void main(String[] args) {
    try {
      ComposeRenderer.render(List.of(Path.of(args[0])), List.of());
      System.out.println("RENDERED");
      System.exit(1);
    } catch (IntegrationConfigException e) {
      System.out.println("REFUSED " + e.getMessage());
      System.exit(0);
    } catch (OutOfMemoryError e) {
      System.out.println("OOM " + e);
      System.exit(3);
    } catch (Exception e) {
      System.out.println("OTHER " + e);
      System.exit(2);
    }
  }
}
