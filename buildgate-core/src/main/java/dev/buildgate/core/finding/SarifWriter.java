package dev.buildgate.core.finding;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes SARIF 2.1.0 as GitHub code scanning accepts it: one run per {@link ToolRun}, the rules
 * each run declares plus generated rules for ids referenced only by findings, and per result the
 * {@code ruleId}, {@code ruleIndex}, {@code level}, {@code message.text}, a repository-relative
 * {@code physicalLocation} and {@code partialFingerprints}.
 *
 * <p>Every run has one {@code invocations} entry with {@code executionSuccessful}; a {@link
 * ToolRun#failed failed} run carries its error as a tool execution notification and has no {@code
 * results} property, so GitHub does not read it as "no alerts".
 *
 * <p>Output is streamed with Jackson's {@link JsonGenerator}, so memory use does not grow with the
 * number of findings beyond one entry per distinct rule.
 */
public final class SarifWriter {

  /** The JSON schema URI written as {@code $schema}. */
  public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  /** The SARIF version written. */
  public static final String VERSION = "2.1.0";

  /** The {@code uriBaseId} of every artifact location (the repository root). */
  public static final String SRCROOT = "%SRCROOT%";

  /** The {@code partialFingerprints} key holding {@link Finding#fingerprint()}. */
  public static final String FINGERPRINT_KEY = "buildgateFingerprint/v1";

  /** GitHub code scanning rejects a SARIF file with more runs than this. */
  public static final int MAX_RUNS_PER_FILE = 20;

  /**
   * GitHub code scanning rejects a run with more results than this; a run with more keeps its most
   * severe ones and says so in a tool notification.
   */
  public static final int MAX_RESULTS_PER_RUN = 25_000;

  private static final Pattern SEMVER =
      Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

  private SarifWriter() {}

  /**
   * Writes {@code runs} to {@code out}, creating parent directories.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(List<ToolRun> runs, Path out) {
    write(runs, null, out);
  }

  /**
   * Writes {@code runs} as one code scanning category to {@code out}, creating parent directories:
   * every run gets {@code automationDetails.id} {@code category} (a trailing {@code /} is added, so
   * the whole id is the category), which {@code upload-sarif} keeps and code scanning uses to tell
   * analyses apart.
   *
   * @param category e.g. {@code buildgate/quality/ruff}; null writes no {@code automationDetails}
   * @throws IllegalArgumentException for more than {@link #MAX_RUNS_PER_FILE} runs
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(List<ToolRun> runs, String category, Path out) {
    ReportFiles.write(out, "SARIF report", os -> write(runs, category, os));
  }

  /** Writes {@code runs} as SARIF to {@code os} (UTF-8, pretty printed); does not close it. */
  public static void write(List<ToolRun> runs, OutputStream os) throws IOException {
    write(runs, null, os);
  }

  /** The {@code automationDetails.id} of a category: {@code category} ending in {@code /}. */
  public static String automationId(String category) {
    if (category == null || category.isBlank()) {
      throw new IllegalArgumentException("SARIF category must not be blank");
    }
    String c = category.strip();
    return c.endsWith("/") ? c : c + "/";
  }

  /**
   * Writes {@code runs} as SARIF of one category to {@code os}; does not close it.
   *
   * @param category see {@link #write(List, String, Path)}; null for none
   */
  public static void write(List<ToolRun> runs, String category, OutputStream os)
      throws IOException {
    if (runs.size() > MAX_RUNS_PER_FILE) {
      throw new IllegalArgumentException(
          runs.size()
              + " SARIF runs in one file: GitHub code scanning accepts at most "
              + MAX_RUNS_PER_FILE);
    }
    String automationId = category == null ? null : automationId(category);
    try (JsonGenerator g = ReportFiles.generator(os)) {
      g.writeStartObject();
      g.writeStringField("$schema", SCHEMA);
      g.writeStringField("version", VERSION);
      g.writeArrayFieldStart("runs");
      for (ToolRun run : runs) {
        writeRun(g, run, automationId);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void writeRun(JsonGenerator g, ToolRun run, String automationId)
      throws IOException {
    List<Finding> results = run.findings();
    int leftOut = 0;
    if (results.size() > MAX_RESULTS_PER_RUN) {
      List<Finding> bySeverity = new ArrayList<>(results);
      bySeverity.sort(
          java.util.Comparator.comparing(Finding::severity, java.util.Comparator.reverseOrder()));
      leftOut = results.size() - MAX_RESULTS_PER_RUN;
      results = bySeverity.subList(0, MAX_RESULTS_PER_RUN);
    }
    Map<String, RuleEntry> rules = collectRules(run);
    g.writeStartObject();
    g.writeObjectFieldStart("tool");
    g.writeObjectFieldStart("driver");
    g.writeStringField("name", run.tool());
    if (run.version() != null) {
      g.writeStringField("version", run.version());
      String semver = semanticVersion(run.version());
      if (semver != null) {
        g.writeStringField("semanticVersion", semver);
      }
    }
    if (run.informationUri() != null) {
      g.writeStringField("informationUri", run.informationUri());
    }
    g.writeArrayFieldStart("rules");
    for (RuleEntry rule : rules.values()) {
      writeRule(g, rule, run.security());
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
    g.writeArrayFieldStart("invocations");
    g.writeStartObject();
    g.writeBooleanField("executionSuccessful", run.succeeded());
    if (!run.succeeded()) {
      notification(g, "error", run.executionError());
    } else if (leftOut > 0) {
      notification(
          g,
          "warning",
          leftOut
              + " less severe results left out: GitHub code scanning accepts at most "
              + MAX_RESULTS_PER_RUN
              + " per run");
    }
    g.writeEndObject();
    g.writeEndArray();
    if (automationId != null) {
      g.writeObjectFieldStart("automationDetails");
      g.writeStringField("id", automationId);
      g.writeEndObject();
    }
    g.writeStringField("columnKind", "utf16CodeUnits");
    if (run.succeeded()) {
      // a failed run has no results at all (SARIF 3.14.23: not computed), not an empty list
      g.writeArrayFieldStart("results");
      for (Finding f : results) {
        writeResult(g, f, rules.get(f.ruleId()));
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void notification(JsonGenerator g, String level, String text) throws IOException {
    g.writeArrayFieldStart("toolExecutionNotifications");
    g.writeStartObject();
    g.writeStringField("level", level);
    g.writeObjectFieldStart("message");
    g.writeStringField("text", text);
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
  }

  private static void writeRule(JsonGenerator g, RuleEntry e, boolean security) throws IOException {
    Rule r = e.rule;
    g.writeStartObject();
    g.writeStringField("id", r.id());
    g.writeStringField("name", r.name());
    g.writeObjectFieldStart("shortDescription");
    g.writeStringField("text", r.shortDescription() != null ? r.shortDescription() : r.name());
    g.writeEndObject();
    String helpUri = r.helpUri() != null ? r.helpUri() : e.helpUriFromFinding;
    if (helpUri != null) {
      g.writeStringField("helpUri", helpUri);
    }
    Severity severity = e.severity();
    if (severity != null) {
      g.writeObjectFieldStart("defaultConfiguration");
      g.writeStringField("level", severity.sarifLevel());
      g.writeEndObject();
    }
    if (security) {
      g.writeObjectFieldStart("properties");
      g.writeArrayFieldStart("tags");
      g.writeString("security");
      g.writeEndArray();
      String score = e.securitySeverity();
      if (score != null) {
        g.writeStringField("security-severity", score);
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeResult(JsonGenerator g, Finding f, RuleEntry rule) throws IOException {
    g.writeStartObject();
    g.writeStringField("ruleId", f.ruleId());
    g.writeNumberField("ruleIndex", rule.index);
    g.writeStringField("level", f.severity().sarifLevel());
    g.writeObjectFieldStart("message");
    g.writeStringField("text", f.message().isBlank() ? f.ruleId() : f.message());
    g.writeEndObject();
    if (f.file() != null) {
      g.writeArrayFieldStart("locations");
      g.writeStartObject();
      g.writeObjectFieldStart("physicalLocation");
      g.writeObjectFieldStart("artifactLocation");
      if (isAbsolute(f.file())) {
        // outside the repository: an absolute file URI, no base
        g.writeStringField(
            "uri", "file://" + (f.file().startsWith("/") ? "" : "/") + toUri(f.file()));
      } else {
        g.writeStringField("uri", toUri(f.file()));
        g.writeStringField("uriBaseId", SRCROOT);
      }
      g.writeEndObject();
      g.writeObjectFieldStart("region");
      g.writeNumberField("startLine", Math.max(1, f.line()));
      if (f.column() > 0) {
        g.writeNumberField("startColumn", f.column());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeObjectFieldStart("partialFingerprints");
    g.writeStringField(FINGERPRINT_KEY, f.fingerprint());
    g.writeEndObject();
    g.writeObjectFieldStart("properties");
    g.writeStringField("severity", f.severity().name());
    for (Map.Entry<String, String> p : f.properties().entrySet()) {
      if (!p.getKey().equals("severity")) {
        g.writeStringField(p.getKey(), p.getValue());
      }
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  /** Rules of the run in SARIF order: declared ones first (first wins), then generated ones. */
  private static Map<String, RuleEntry> collectRules(ToolRun run) {
    Map<String, RuleEntry> rules = new LinkedHashMap<>();
    for (Rule r : run.rules()) {
      rules.computeIfAbsent(r.id(), id -> new RuleEntry(rules.size(), r));
    }
    for (Finding f : run.findings()) {
      RuleEntry e =
          rules.computeIfAbsent(f.ruleId(), id -> new RuleEntry(rules.size(), Rule.of(id)));
      e.observe(f);
    }
    return rules;
  }

  static boolean isAbsolute(String file) {
    return file.startsWith("/")
        || (file.length() >= 3
            && Character.isLetter(file.charAt(0))
            && file.charAt(1) == ':'
            && file.charAt(2) == '/');
  }

  /**
   * A relative URI for a repository-relative path: segments percent-encoded where RFC 3986 needs
   * it, {@code '/'} kept.
   */
  static String toUri(String file) {
    List<String> parts = new ArrayList<>();
    for (String segment : file.split("/", -1)) {
      parts.add(encodeSegment(segment));
    }
    return String.join("/", parts);
  }

  private static String encodeSegment(String segment) {
    StringBuilder sb = new StringBuilder(segment.length());
    for (byte b : segment.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }

  /** The {@code X.Y.Z[-pre][+build]} part of a version string, or null. */
  static String semanticVersion(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    return SEMVER.matcher(v).matches() ? v : null;
  }

  private static final class RuleEntry {
    final int index;
    final Rule rule;
    Severity maxFindingSeverity;
    Double maxScore;
    String helpUriFromFinding;

    RuleEntry(int index, Rule rule) {
      this.index = index;
      this.rule = rule;
    }

    void observe(Finding f) {
      if (maxFindingSeverity == null || f.severity().compareTo(maxFindingSeverity) > 0) {
        maxFindingSeverity = f.severity();
      }
      if (helpUriFromFinding == null) {
        helpUriFromFinding = f.helpUri();
      }
      String score = f.properties().get("security-severity");
      if (score != null) {
        try {
          double d = Double.parseDouble(score.trim());
          if (d >= 0 && d <= 10 && (maxScore == null || d > maxScore)) {
            maxScore = d;
          }
        } catch (NumberFormatException ignored) {
          // not a score: fall back to the severity mapping
        }
      }
    }

    Severity severity() {
      return rule.defaultSeverity() != null ? rule.defaultSeverity() : maxFindingSeverity;
    }

    String securitySeverity() {
      if (maxScore != null) {
        return String.format(Locale.ROOT, "%.1f", maxScore);
      }
      Severity s = severity();
      if (s == null || s == Severity.INFO) {
        return null;
      }
      return String.format(Locale.ROOT, "%.1f", s.securitySeverity());
    }
  }
}
