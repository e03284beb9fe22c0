package dev.buildgate.core.finding;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GitLab's Code Quality report (a subset of Code Climate's JSON, which {@code
 * artifacts:reports:codequality} reads): a JSON array with per finding {@code description}, {@code
 * check_name} ({@code tool/rule}), a {@code fingerprint} unique in the report, {@code severity}
 * ({@code info}, {@code minor}, {@code major}, {@code critical}, {@code blocker}), {@code
 * location.path} (repository-relative) and {@code location.lines.begin}.
 *
 * <p>GitLab takes one such file per job, so each analyzer writes its own part ({@link #write}) and
 * {@link #merge} joins the parts of a directory into the one file the job uploads. Findings without
 * a file in the repository cannot be placed in a merge request's diff and are left out.
 */
public final class CodeQualityReport {

  /** The name of the merged report under the Buildgate directory. */
  public static final String FILE_NAME = "gl-code-quality-report.json";

  /** Suffix of one analyzer's part. */
  public static final String PART_SUFFIX = ".codequality.json";

  private CodeQualityReport() {}

  /** GitLab's severity for ours. */
  static String severity(Severity s) {
    switch (s) {
      case INFO:
        return "info";
      case LOW:
        return "minor";
      case MEDIUM:
        return "major";
      case HIGH:
        return "critical";
      default:
        return "blocker";
    }
  }

  /**
   * Writes the findings that have a repository file to {@code out}.
   *
   * @return how many were written
   * @throws UncheckedIOException when the file cannot be written
   */
  public static int write(List<Finding> findings, Path out) {
    int[] n = {0};
    ReportFiles.write(out, "Code Quality report", os -> n[0] = write(findings, os));
    return n[0];
  }

  static int write(List<Finding> findings, OutputStream os) throws IOException {
    Set<String> fingerprints = new HashSet<>();
    int n = 0;
    try (JsonGenerator g = ReportFiles.generator(os)) {
      g.writeStartArray();
      for (Finding f : findings) {
        if (f.file() == null || SarifWriter.isAbsolute(f.file())) {
          continue;
        }
        String fp = f.fingerprint();
        for (int i = 2; !fingerprints.add(fp); i++) {
          // the same finding twice in a file (e.g. at two lines): GitLab would merge them
          fp =
              Finding.computeFingerprint(f.tool(), f.ruleId(), f.file(), f.fingerprint() + "#" + i);
        }
        g.writeStartObject();
        g.writeStringField(
            "description",
            "["
                + f.tool()
                + "] "
                + (f.message().isBlank() ? f.ruleId() : Finding.normalizeText(f.message())));
        g.writeStringField("check_name", f.tool() + "/" + f.ruleId());
        g.writeStringField("fingerprint", fp);
        g.writeStringField("severity", severity(f.severity()));
        g.writeObjectFieldStart("location");
        g.writeStringField("path", f.file());
        g.writeObjectFieldStart("lines");
        g.writeNumberField("begin", Math.max(1, f.line()));
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        n++;
      }
      g.writeEndArray();
      g.writeRaw('\n');
    }
    return n;
  }

  /**
   * Joins every {@code *}{@value #PART_SUFFIX} in {@code partsDir} (name order) into {@code out}.
   * Unreadable parts are skipped (a part being rewritten is read again by the next merge).
   *
   * @return the number of entries in {@code out}
   * @throws UncheckedIOException when {@code out} cannot be written
   */
  public static int merge(Path partsDir, Path out) {
    List<String> all = ReportFiles.partElements(partsDir, PART_SUFFIX);
    ReportFiles.write(
        out,
        "Code Quality report",
        os -> {
          try (JsonGenerator g = ReportFiles.generator(os)) {
            g.writeStartArray();
            for (String entry : all) {
              g.writeRawValue(entry);
            }
            g.writeEndArray();
            g.writeRaw('\n');
          }
        });
    return all.size();
  }
}
