package dev.buildgate.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What {@code integration:test} recorded: {@code target/buildgate/integration/result.json}.
 *
 * @param command the command (secrets masked)
 * @param exitCode exit code (-1 when it did not finish)
 * @param timedOut killed at the timeout
 * @param error why it could not run, or null
 * @param durationMillis how long it ran
 * @param reports report files found
 * @param tests test counts summed from JUnit XML reports (null when none)
 * @param project compose project the tests ran against (null without stack)
 * @param logsDir where the stack's logs go
 */
public record TestResult(
    List<String> command,
    int exitCode,
    boolean timedOut,
    String error,
    long durationMillis,
    List<String> reports,
    JUnitCounts tests,
    String project,
    String logsDir) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public TestResult {
    command = command == null ? List.of() : List.copyOf(command);
    reports = reports == null ? List.of() : List.copyOf(reports);
  }

  public boolean passed() {
    return error == null && !timedOut && exitCode == 0;
  }

  /** One line: "exit 1 after 3.2 s; 12 tests, 2 failures, 0 errors, 1 skipped". */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    if (error != null) {
      sb.append("could not run: ").append(error);
    } else if (timedOut) {
      sb.append("timed out after ").append(seconds(durationMillis));
    } else {
      sb.append("exit ").append(exitCode).append(" after ").append(seconds(durationMillis));
    }
    if (tests != null) {
      sb.append("; ").append(tests.describe());
    }
    return sb.toString();
  }

  static String seconds(long ms) {
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static TestResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), TestResult.class);
  }

  /**
   * Test counts.
   *
   * @param tests total
   * @param failures failures
   * @param errors errors
   * @param skipped skipped
   */
  public record JUnitCounts(int tests, int failures, int errors, int skipped) {
    public String describe() {
      return tests
          + " tests, "
          + failures
          + " failures, "
          + errors
          + " errors, "
          + skipped
          + " skipped";
    }
  }
}
