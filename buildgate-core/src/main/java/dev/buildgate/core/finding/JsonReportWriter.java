package dev.buildgate.core.finding;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes findings as a simple JSON report:
 *
 * <pre>{@code
 * {"format": "buildgate-findings", "version": 1,
 *  "summary": {"total": 3, "CRITICAL": 0, "HIGH": 1, ...},
 *  "runs": [{"tool": "ruff", "version": "0.17.6", "informationUri": "...",
 *            "succeeded": true, "executionError": null,
 *            "summary": {...},
 *            "findings": [{"tool", "ruleId", "severity", "file", "line", "column", "message",
 *                          "fingerprint", "helpUri", "properties"}]}]}
 * }</pre>
 *
 * Unknown values ({@code file}, {@code helpUri}) are {@code null}; unknown line/column are {@code
 * 0}. Streamed with Jackson's {@link JsonGenerator}.
 */
public final class JsonReportWriter {

  /** Value of the {@code format} field. */
  public static final String FORMAT = "buildgate-findings";

  private JsonReportWriter() {}

  /**
   * Writes the report to {@code out}, creating parent directories.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(List<ToolRun> runs, Path out) {
    ReportFiles.write(out, "JSON report", os -> write(runs, os));
  }

  /** Writes the report to {@code os} (UTF-8, pretty printed); does not close it. */
  public static void write(List<ToolRun> runs, OutputStream os) throws IOException {
    try (JsonGenerator g = ReportFiles.generator(os)) {
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("version", 1);
      Map<Severity, Integer> total = new EnumMap<>(Severity.class);
      for (ToolRun run : runs) {
        for (Finding f : run.findings()) {
          total.merge(f.severity(), 1, Integer::sum);
        }
      }
      writeSummary(g, total);
      g.writeArrayFieldStart("runs");
      for (ToolRun run : runs) {
        g.writeStartObject();
        g.writeStringField("tool", run.tool());
        g.writeStringField("version", run.version());
        g.writeStringField("informationUri", run.informationUri());
        g.writeBooleanField("succeeded", run.succeeded());
        g.writeStringField("executionError", run.executionError());
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Finding f : run.findings()) {
          counts.merge(f.severity(), 1, Integer::sum);
        }
        writeSummary(g, counts);
        g.writeArrayFieldStart("findings");
        for (Finding f : run.findings()) {
          writeFinding(g, f);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void writeSummary(JsonGenerator g, Map<Severity, Integer> counts)
      throws IOException {
    g.writeObjectFieldStart("summary");
    g.writeNumberField("total", counts.values().stream().mapToInt(Integer::intValue).sum());
    Severity[] all = Severity.values();
    for (int i = all.length - 1; i >= 0; i--) {
      g.writeNumberField(all[i].name(), counts.getOrDefault(all[i], 0));
    }
    g.writeEndObject();
  }

  private static void writeFinding(JsonGenerator g, Finding f) throws IOException {
    g.writeStartObject();
    g.writeStringField("tool", f.tool());
    g.writeStringField("ruleId", f.ruleId());
    g.writeStringField("severity", f.severity().name());
    g.writeStringField("file", f.file());
    g.writeNumberField("line", f.line());
    g.writeNumberField("column", f.column());
    g.writeStringField("message", f.message());
    g.writeStringField("fingerprint", f.fingerprint());
    g.writeStringField("helpUri", f.helpUri());
    g.writeObjectFieldStart("properties");
    for (Map.Entry<String, String> p : f.properties().entrySet()) {
      g.writeStringField(p.getKey(), p.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }
}
