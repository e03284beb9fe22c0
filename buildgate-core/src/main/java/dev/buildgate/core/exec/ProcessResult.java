package dev.buildgate.core.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a finished process.
 *
 * @param argv the argv that was run, with secrets masked
 * @param exitCode the exit code (callers decide what a non-zero code means)
 * @param stdout the captured stdout (masked; its tail if truncated; empty when written to a file)
 * @param stderr the captured stderr (masked; its tail if truncated)
 * @param truncated {@code true} if stdout or stderr exceeded the capture bound and only its tail
 *     was kept
 * @param duration how long the process ran
 */
public record ProcessResult(
    List<String> argv,
    int exitCode,
    String stdout,
    String stderr,
    boolean truncated,
    Duration duration) {

  /** Validates and copies the components. */
  public ProcessResult {
    argv = List.copyOf(argv);
    stdout = Objects.requireNonNullElse(stdout, "");
    stderr = Objects.requireNonNullElse(stderr, "");
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * Returns whether the process exited with code 0.
   *
   * @return {@code true} on exit code 0
   */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * Returns the last lines of stderr, for error messages.
   *
   * @param lines the maximum number of lines
   * @return the last {@code lines} non-trailing lines of stderr joined by {@code \n}
   */
  public String stderrTail(int lines) {
    return tail(splitLines(stderr), lines);
  }

  /**
   * Returns the last lines of the output, for error messages: stdout's lines followed by stderr's
   * (the relative order of the two streams is not recorded).
   *
   * @param lines the maximum number of lines
   * @return the last {@code lines} lines joined by {@code \n}
   */
  public String outputTail(int lines) {
    List<String> all = new ArrayList<>(splitLines(stdout));
    all.addAll(splitLines(stderr));
    return tail(all, lines);
  }

  private static List<String> splitLines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static String tail(List<String> lines, int n) {
    if (n <= 0 || lines.isEmpty()) {
      return "";
    }
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }
}
