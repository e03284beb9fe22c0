package dev.buildgate.docker.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.io.JsonMessages;
import dev.buildgate.core.io.JsonStreams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a Trivy JSON report ({@code --format json}, schema 2) with Jackson's {@link JsonParser}:
 * vulnerabilities are handed to a consumer one by one and everything else ({@code Packages}, image
 * config, layers, descriptions, references) is skipped without being materialised, so memory stays
 * bounded whatever the report size.
 */
public final class TrivyReportParser {

  private static final JsonFactory FACTORY = InputLimits.jsonFactory();

  private TrivyReportParser() {}

  /**
   * Parses {@code file}.
   *
   * @param file the report
   * @param sink receives every vulnerability
   * @return the report's header facts
   * @throws ScanException when the file is missing, empty, not JSON or not a Trivy report
   */
  public static TrivyReport parse(Path file, Consumer<TrivyVulnerability> sink)
      throws ScanException {
    if (!Files.isRegularFile(file)) {
      throw new ScanException("Trivy wrote no JSON report: " + file + " does not exist");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString(), sink);
    } catch (IOException e) {
      throw new ScanException("Could not read the Trivy report " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a report from a stream (not closed).
   *
   * @param in the JSON
   * @param name the report's name for messages
   * @param sink receives every vulnerability
   * @return the report's header facts
   * @throws ScanException when the input is empty, not JSON or not a Trivy report
   */
  public static TrivyReport parse(InputStream in, String name, Consumer<TrivyVulnerability> sink)
      throws ScanException {
    try (JsonParser p = FACTORY.createParser(in)) {
      return new Reader(p, sink).report(name);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ScanException(
          "Unparseable Trivy output "
              + name
              + where
              + ": "
              + JsonMessages.oneLine(e)
              + " (the scan result cannot be trusted; see Trivy's log above)",
          e);
    } catch (IOException e) {
      throw new ScanException("Could not read the Trivy report " + name + ": " + e.getMessage(), e);
    }
  }

  private static final class Reader {
    private final JsonParser p;
    private final Consumer<TrivyVulnerability> sink;
    private final Map<String, String> strings = new HashMap<>();
    private long count;

    Reader(JsonParser p, Consumer<TrivyVulnerability> sink) {
      this.p = p;
      this.sink = sink;
    }

    TrivyReport report(String name) throws IOException, ScanException {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new ScanException(
            "Unparseable Trivy output " + name + ": the report is empty (Trivy failed?)");
      }
      if (t != JsonToken.START_OBJECT) {
        throw new ScanException(
            "Unparseable Trivy output " + name + ": expected a JSON object, found " + t);
      }
      int schema = -1;
      String artifact = null;
      String imageId = null;
      List<String> digests = new ArrayList<>();
      String os = null;
      int results = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "SchemaVersion":
            schema = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
            break;
          case "ArtifactName":
            artifact = JsonStreams.text(p);
            break;
          case "Metadata":
            if (v == JsonToken.START_OBJECT) {
              String[] idAndOs = metadata(digests);
              imageId = idAndOs[0];
              os = idAndOs[1];
            } else {
              p.skipChildren();
            }
            break;
          case "Results":
            if (v == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                result();
                results++;
              }
            } else if (v != JsonToken.VALUE_NULL) {
              throw new ScanException(
                  "Unparseable Trivy output " + name + ": Results is not an array");
            }
            break;
          default:
            p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new ScanException("Unparseable Trivy output " + name + ": truncated report");
      }
      if (schema < 0) {
        throw new ScanException(
            "Unparseable Trivy output "
                + name
                + ": no SchemaVersion, this is not a Trivy JSON report (--format json)");
      }
      if (schema != 2) {
        throw new ScanException(
            "Unsupported Trivy report schema "
                + schema
                + " in "
                + name
                + ": Buildgate reads schema 2 (Trivy 0.20 and later)");
      }
      return new TrivyReport(schema, artifact, imageId, digests, os, results, count);
    }

    /**
     * The report's {@code Metadata}: image id and OS name (either may be null); {@code digests}
     * receives the repo digests.
     */
    private String[] metadata(List<String> digests) throws IOException {
      String imageId = null;
      String os = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String mf = p.currentName();
        JsonToken mv = p.nextToken();
        if (mf.equals("ImageID")) {
          imageId = JsonStreams.text(p);
        } else if (mf.equals("RepoDigests") && mv == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            digests.add(p.getText());
          }
        } else if (mf.equals("OS") && mv == JsonToken.START_OBJECT) {
          os = osName();
        } else {
          p.skipChildren();
        }
      }
      return new String[] {imageId, os};
    }

    private String osName() throws IOException {
      String family = null;
      String osName = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken v = p.nextToken();
        if (f.equals("Family")) {
          family = JsonStreams.text(p);
        } else if (f.equals("Name")) {
          osName = JsonStreams.text(p);
        } else {
          p.skipChildren();
        }
      }
      if (family == null) {
        return null;
      }
      return osName == null ? family : family + " " + osName;
    }

    private void result() throws IOException {
      String target = "";
      String type = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken v = p.nextToken();
        switch (f) {
          case "Target":
            target = intern(JsonStreams.text(p));
            break;
          case "Type":
            type = intern(JsonStreams.text(p));
            break;
          case "Vulnerabilities":
            if (v == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                sink.accept(vulnerability(target, type));
                count++;
              }
            } else {
              p.skipChildren();
            }
            break;
          default:
            p.skipChildren();
        }
      }
    }

    private TrivyVulnerability vulnerability(String target, String type) throws IOException {
      String id = null;
      String pkgName = null;
      String pkgPath = null;
      String purl = null;
      String installed = null;
      String fixed = null;
      String status = null;
      String severity = null;
      String title = null;
      String url = null;
      double nvd = -1;
      double best = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken v = p.nextToken();
        switch (f) {
          case "VulnerabilityID":
            id = JsonStreams.text(p);
            break;
          case "PkgName":
            pkgName = intern(JsonStreams.text(p));
            break;
          case "PkgPath":
            pkgPath = JsonStreams.text(p);
            break;
          case "PkgIdentifier":
            if (v == JsonToken.START_OBJECT) {
              purl = purl();
            } else {
              p.skipChildren();
            }
            break;
          case "InstalledVersion":
            installed = intern(JsonStreams.text(p));
            break;
          case "FixedVersion":
            fixed = intern(JsonStreams.text(p));
            break;
          case "Status":
            status = intern(JsonStreams.text(p));
            break;
          case "Severity":
            severity = JsonStreams.text(p);
            break;
          case "Title":
            title = JsonStreams.text(p);
            break;
          case "PrimaryURL":
            url = JsonStreams.text(p);
            break;
          case "CVSS":
            if (v == JsonToken.START_OBJECT) {
              double[] scores = cvss();
              nvd = scores[0];
              best = scores[1];
            } else {
              p.skipChildren();
            }
            break;
          default:
            p.skipChildren();
        }
      }
      return new TrivyVulnerability(
          target,
          type,
          id == null ? "UNKNOWN-ID" : id,
          pkgName,
          pkgPath,
          purl,
          installed,
          fixed,
          status,
          VulnSeverity.fromTrivy(severity),
          title,
          url,
          nvd >= 0 ? nvd : best);
    }

    /** {@code PkgIdentifier.PURL}, or null. */
    private String purl() throws IOException {
      String purl = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String pf = p.currentName();
        JsonToken pv = p.nextToken();
        if (pf.equals("PURL")) {
          purl = JsonStreams.text(p);
        } else {
          p.skipChildren();
        }
      }
      return purl;
    }

    /** The CVSS v3 scores: NVD's and the highest of any vendor (-1 when none). */
    private double[] cvss() throws IOException {
      double nvd = -1;
      double best = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String vendor = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String cf = p.currentName();
          JsonToken cv = p.nextToken();
          if (cf.equals("V3Score") && cv.isNumeric()) {
            double s = p.getDoubleValue();
            best = Math.max(best, s);
            if (vendor.equals("nvd")) {
              nvd = s;
            }
          } else {
            p.skipChildren();
          }
        }
      }
      return new double[] {nvd, best};
    }

    /** Repeated values (targets, package names, versions, statuses) share one String. */
    private String intern(String s) {
      if (s == null) {
        return null;
      }
      if (strings.size() > 100_000) {
        strings.clear();
      }
      return strings.computeIfAbsent(s, k -> k);
    }
  }
}
