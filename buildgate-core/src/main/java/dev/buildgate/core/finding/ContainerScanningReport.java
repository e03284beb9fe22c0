package dev.buildgate.core.finding;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * GitLab's Container Scanning report ({@code artifacts:reports:container_scanning}, security report
 * schema 15.x): per image vulnerability its {@code id}, {@code identifiers} (the CVE or advisory),
 * {@code severity}, {@code location.dependency} (package and installed version), {@code
 * location.operating_system} and {@code location.image}, plus the {@code scan} object naming Trivy
 * as scanner and Buildgate as analyzer.
 *
 * <p>Each image's scan writes its part ({@link #writePart}, a JSON array of vulnerabilities);
 * {@link #merge} joins the parts into the one report of the job. Findings need the properties the
 * image scan sets: {@code package}, {@code installedVersion}, {@code fixedVersion}.
 */
public final class ContainerScanningReport {

  /** The name of the merged report under the Buildgate directory. */
  public static final String FILE_NAME = "gl-container-scanning-report.json";

  /** Suffix of one image's part. */
  public static final String PART_SUFFIX = ".container-scanning.json";

  /** The schema version written. */
  public static final String SCHEMA_VERSION = "15.2.1";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private ContainerScanningReport() {}

  /** GitLab's severity for ours. */
  static String severity(Severity s) {
    switch (s) {
      case INFO:
        return "Info";
      case LOW:
        return "Low";
      case MEDIUM:
        return "Medium";
      case HIGH:
        return "High";
      default:
        return "Critical";
    }
  }

  /**
   * Writes one image's vulnerabilities.
   *
   * @param image the scanned image reference
   * @param operatingSystem e.g. {@code debian 12.8}; null when Trivy did not detect one
   */
  public static void writePart(
      List<Finding> findings, String image, String operatingSystem, Path out) {
    ReportFiles.write(
        out, "Container Scanning report", os -> writePart(findings, image, operatingSystem, os));
  }

  private static void writePart(
      List<Finding> findings, String image, String operatingSystem, OutputStream os)
      throws IOException {
    try (JsonGenerator g = ReportFiles.generator(os)) {
      g.writeStartArray();
      for (Finding f : findings) {
        String pkg = f.properties().getOrDefault("package", "unknown");
        String installed = f.properties().getOrDefault("installedVersion", "");
        String fixed = f.properties().getOrDefault("fixedVersion", "");
        g.writeStartObject();
        // stable per image, package and advisory, so GitLab tracks it across pipelines
        g.writeStringField(
            "id",
            UUID.nameUUIDFromBytes(
                    (image + "\n" + pkg + "\n" + installed + "\n" + f.ruleId())
                        .getBytes(StandardCharsets.UTF_8))
                .toString());
        g.writeStringField("name", f.ruleId() + " in " + pkg);
        g.writeStringField("description", f.message().isBlank() ? f.ruleId() : f.message());
        g.writeStringField("severity", severity(f.severity()));
        g.writeStringField(
            "solution",
            fixed.isBlank() ? "No fixed version yet" : "Upgrade " + pkg + " to " + fixed);
        g.writeArrayFieldStart("identifiers");
        g.writeStartObject();
        String id = f.ruleId();
        g.writeStringField("type", id.startsWith("CVE-") ? "cve" : "advisory");
        g.writeStringField("name", id);
        g.writeStringField("value", id);
        if (f.helpUri() != null) {
          g.writeStringField("url", f.helpUri());
        }
        g.writeEndObject();
        g.writeEndArray();
        if (f.helpUri() != null) {
          g.writeArrayFieldStart("links");
          g.writeStartObject();
          g.writeStringField("url", f.helpUri());
          g.writeEndObject();
          g.writeEndArray();
        }
        g.writeObjectFieldStart("location");
        g.writeObjectFieldStart("dependency");
        g.writeObjectFieldStart("package");
        g.writeStringField("name", pkg);
        g.writeEndObject();
        g.writeStringField("version", installed);
        g.writeEndObject();
        g.writeStringField(
            "operating_system", operatingSystem == null ? "Unknown" : operatingSystem);
        g.writeStringField("image", image);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeRaw('\n');
    }
  }

  /**
   * Joins every {@code *}{@value #PART_SUFFIX} in {@code partsDir} (name order) into the report.
   *
   * @param scannerVersion Trivy's version, or null
   * @param analyzerVersion Buildgate's version
   * @param start when the scan started
   * @return the number of vulnerabilities in the report
   * @throws UncheckedIOException when the report cannot be written
   */
  public static int merge(
      Path partsDir,
      Path out,
      String scannerVersion,
      String analyzerVersion,
      LocalDateTime start,
      LocalDateTime end) {
    List<String> all = ReportFiles.partElements(partsDir, PART_SUFFIX);
    ReportFiles.write(
        out,
        "Container Scanning report",
        os -> {
          try (JsonGenerator g = ReportFiles.generator(os)) {
            g.writeStartObject();
            g.writeStringField("version", SCHEMA_VERSION);
            g.writeObjectFieldStart("scan");
            tool(g, "analyzer", "buildgate", "Buildgate", analyzerVersion, "Buildgate");
            tool(g, "scanner", "trivy", "Trivy", scannerVersion, "Aqua Security");
            g.writeStringField("type", "container_scanning");
            g.writeStringField("start_time", TIME.format(start));
            g.writeStringField("end_time", TIME.format(end));
            g.writeStringField("status", "success");
            g.writeEndObject();
            g.writeArrayFieldStart("vulnerabilities");
            for (String v : all) {
              g.writeRawValue(v);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("remediations");
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
          }
        });
    return all.size();
  }

  private static void tool(
      JsonGenerator g, String field, String id, String name, String version, String vendor)
      throws IOException {
    g.writeObjectFieldStart(field);
    g.writeStringField("id", id);
    g.writeStringField("name", name);
    g.writeStringField("version", version == null || version.isBlank() ? "unknown" : version);
    g.writeObjectFieldStart("vendor");
    g.writeStringField("name", vendor);
    g.writeEndObject();
    g.writeEndObject();
  }
}
