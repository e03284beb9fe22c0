package dev.buildgate.integration.test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * Streaming JSON only: the up-to-date check of every build reads this file, and Jackson's data
   * binding costs a fresh plugin realm tens of milliseconds to start.
   */
  private static final JsonFactory JSON = InputLimits.jsonFactory();

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
    AtomicFiles.write(file, out -> writeTo(out));
  }

  private void writeTo(OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("command");
      for (String c : command) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeNumberField("exitCode", exitCode);
      g.writeBooleanField("timedOut", timedOut);
      g.writeStringField("error", error);
      g.writeNumberField("durationMillis", durationMillis);
      g.writeArrayFieldStart("reports");
      for (String r : reports) {
        g.writeString(r);
      }
      g.writeEndArray();
      if (tests == null) {
        g.writeNullField("tests");
      } else {
        g.writeObjectFieldStart("tests");
        g.writeNumberField("tests", tests.tests());
        g.writeNumberField("failures", tests.failures());
        g.writeNumberField("errors", tests.errors());
        g.writeNumberField("skipped", tests.skipped());
        g.writeEndObject();
      }
      g.writeStringField("project", project);
      g.writeStringField("logsDir", logsDir);
      g.writeEndObject();
    }
  }

  /**
   * Reads a result file; unknown fields are ignored.
   *
   * @throws IOException when the file is missing or not a result
   */
  public static TestResult read(Path file) throws IOException {
    try (JsonParser p = JSON.createParser(Files.newInputStream(file))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(file + " is not a JSON object");
      }
      List<String> command = null;
      int exitCode = 0;
      boolean timedOut = false;
      String error = null;
      long duration = 0;
      List<String> reports = null;
      JUnitCounts tests = null;
      String project = null;
      String logsDir = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "command" -> command = strings(p, t);
          case "exitCode" -> exitCode = p.getValueAsInt();
          case "timedOut" -> timedOut = p.getValueAsBoolean();
          case "error" -> error = text(p, t);
          case "durationMillis" -> duration = p.getValueAsLong();
          case "reports" -> reports = strings(p, t);
          case "tests" -> tests = counts(p, t);
          case "project" -> project = text(p, t);
          case "logsDir" -> logsDir = text(p, t);
          default -> p.skipChildren();
        }
      }
      return new TestResult(
          command, exitCode, timedOut, error, duration, reports, tests, project, logsDir);
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isStructStart()) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      if (e == null) {
        throw new IOException("unterminated array");
      }
      if (e.isStructStart()) {
        p.skipChildren();
      } else if (e != JsonToken.VALUE_NULL) {
        out.add(p.getText());
      }
    }
    return out;
  }

  private static JUnitCounts counts(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    int[] n = new int[4];
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "tests" -> n[0] = p.getValueAsInt();
        case "failures" -> n[1] = p.getValueAsInt();
        case "errors" -> n[2] = p.getValueAsInt();
        case "skipped" -> n[3] = p.getValueAsInt();
        default -> p.skipChildren();
      }
    }
    return new JUnitCounts(n[0], n[1], n[2], n[3]);
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
