package dev.buildgate.maven;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.project.MavenProject;

/**
 * Prints the pipeline summary's result and status table once, when the Maven JVM exits, so a {@code
 * mvn verify} ends with one view of every gate. Each plugin has its own class realm (and its own
 * copy of this class), so the once-per-build guard is a JVM-wide system property. Embedded Maven
 * (IDEs) keeps its JVM and so prints nothing; the summary file is always there.
 */
public final class SummaryAtExit {

  private SummaryAtExit() {}

  /** Registers the print for this project's {@code target/buildgate/summary.md}; idempotent. */
  public static void register(MavenProject project) {
    if (project == null
        || project.getBuild() == null
        || project.getBuild().getDirectory() == null) {
      return; // a mojo wired by hand in a unit test
    }
    register(BuildgateMaven.buildgateDir(project));
  }

  /** Registers the print for {@code <buildgateDir>/summary.md}; idempotent. */
  public static void register(Path buildgateDir) {
    if (buildgateDir == null || System.getProperty("maven.home") == null) {
      return; // not the Maven launcher's JVM (a test fork, an embedder): nothing to print at exit
    }
    Path file = buildgateDir.resolve("summary.md").toAbsolutePath();
    String key = "buildgate.summaryAtExit." + file.normalize();
    if (System.getProperties().putIfAbsent(key, "registered") != null) {
      return;
    }
    PrintStream out = System.out;
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> print(file, out), "buildgate-summary-at-exit"));
  }

  /** The result line and the status table of a rendered summary; empty when there is none. */
  static List<String> statusLines(List<String> summary) {
    List<String> lines = new ArrayList<>();
    boolean inTable = false;
    for (String line : summary) {
      if (line.startsWith("**Result:**")) {
        lines.add(line.replace("**", ""));
      } else if (line.startsWith("|")) {
        inTable = true;
        if (!line.startsWith("|---")) {
          lines.add(line);
        }
      } else if (inTable) {
        break;
      }
    }
    return lines;
  }

  static void print(Path file, PrintStream out) {
    List<String> lines;
    try {
      lines = statusLines(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return; // no summary written in this build: nothing to show
    }
    if (lines.isEmpty()) {
      return;
    }
    out.println("[INFO] Buildgate pipeline summary (" + file + "):");
    for (String line : lines) {
      out.println("[INFO]   " + line);
    }
    out.flush();
  }
}
