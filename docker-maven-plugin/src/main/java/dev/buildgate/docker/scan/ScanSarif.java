package dev.buildgate.docker.scan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.ToolRun;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * SARIF per image. A completed scan is written with core's {@link SarifWriter} (one run, rules with
 * severity and {@code security-severity}). A scan that could not run is written here: core's writer
 * always emits {@code "results": []}, which in SARIF means "scanned, nothing found" and would make
 * GitHub code scanning close every open alert of the image. Instead the run has no {@code results}
 * (SARIF 2.1.0 §3.14.23: results not computed) and an invocation with {@code executionSuccessful:
 * false} and the error as a tool execution notification.
 */
final class ScanSarif {

  static final String TOOL = "trivy";
  static final String INFO_URI = "https://trivy.dev";

  private static final JsonFactory FACTORY = new JsonFactory();

  private ScanSarif() {}

  static void writeResults(
      Path out, String trivyVersion, List<Rule> rules, List<Finding> findings) {
    SarifWriter.write(
        List.of(new ToolRun(TOOL, trivyVersion, INFO_URI, rules, findings, true)), out);
  }

  static void writeError(Path out, String trivyVersion, ImageTarget target, String error) {
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      try (OutputStream os = Files.newOutputStream(out);
          JsonGenerator g = FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("$schema", SarifWriter.SCHEMA);
        g.writeStringField("version", SarifWriter.VERSION);
        g.writeArrayFieldStart("runs");
        g.writeStartObject();
        g.writeObjectFieldStart("tool");
        g.writeObjectFieldStart("driver");
        g.writeStringField("name", TOOL);
        if (trivyVersion != null) {
          g.writeStringField("version", trivyVersion);
        }
        g.writeStringField("informationUri", INFO_URI);
        g.writeArrayFieldStart("rules");
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("invocations");
        g.writeStartObject();
        g.writeBooleanField("executionSuccessful", false);
        g.writeArrayFieldStart("toolExecutionNotifications");
        g.writeStartObject();
        g.writeStringField("level", "error");
        g.writeObjectFieldStart("message");
        g.writeStringField("text", error);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("properties");
        g.writeStringField("image", target.name());
        g.writeStringField("ref", target.ref());
        g.writeStringField("buildgateVerdict", ScanVerdict.ERROR.name());
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write SARIF report " + out + ": " + e, e);
    }
  }
}
