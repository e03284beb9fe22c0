package dev.buildgate.core.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * What {@code github/codeql-action/upload-sarif} and code scanning require of the SARIF files of
 * one upload folder, checked the way GitHub checks them: the SARIF 2.1.0 JSON schema (vendored from
 * OASIS, errata 01), at most 20 runs per file and 25,000 results per run, at most 10 MB gzipped per
 * file, every run with an {@code automationDetails.id} and no two runs of the upload with the same
 * tool and category (rejected since 2025), and locations relative to the checkout ({@code
 * uriBaseId} {@code %SRCROOT%}).
 */
final class GitHubSarifRules {

  static final int MAX_RUNS = 20;
  static final int MAX_RESULTS = 25_000;
  static final long MAX_GZIP_BYTES = 10L * 1024 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Schema SCHEMA;

  static {
    try (InputStream in = GitHubSarifRules.class.getResourceAsStream("/sarif-schema-2.1.0.json")) {
      SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private GitHubSarifRules() {}

  /** Schema errors of one SARIF file. */
  static List<String> schemaErrors(Path sarif) throws IOException {
    List<String> out = new ArrayList<>();
    for (Error e : SCHEMA.validate(MAPPER.readTree(sarif.toFile()))) {
      out.add(sarif.getFileName() + ": " + e);
    }
    return out;
  }

  /** Every rule broken by the {@code *.sarif} files under {@code folder} as one upload. */
  static List<String> violations(Path folder) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(folder)) {
      files = s.filter(p -> p.toString().endsWith(".sarif")).sorted().toList();
    }
    List<String> out = new ArrayList<>();
    Map<String, Path> categories = new HashMap<>();
    for (Path f : files) {
      out.addAll(schemaErrors(f));
      String name = folder.relativize(f).toString();
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
        z.write(Files.readAllBytes(f));
      }
      if (gz.size() > MAX_GZIP_BYTES) {
        out.add(name + ": " + gz.size() + " bytes gzipped, more than 10 MB");
      }
      JsonNode runs = MAPPER.readTree(f.toFile()).path("runs");
      if (runs.size() > MAX_RUNS) {
        out.add(name + ": " + runs.size() + " runs, more than " + MAX_RUNS);
      }
      for (JsonNode run : runs) {
        String tool = run.at("/tool/driver/name").asText();
        String id = run.at("/automationDetails/id").asText("");
        if (id.isEmpty()) {
          out.add(name + ": run of " + tool + " has no automationDetails.id");
        }
        Path other = categories.put(tool + "\n" + id, f);
        if (other != null) {
          out.add(
              name
                  + ": a second run of "
                  + tool
                  + " in category '"
                  + id
                  + "' (first in "
                  + folder.relativize(other)
                  + ")");
        }
        JsonNode results = run.path("results");
        if (results.size() > MAX_RESULTS) {
          out.add(name + ": " + results.size() + " results in one run");
        }
        for (JsonNode r : results) {
          if (r.path("locations").isEmpty()) {
            out.add(name + ": result " + r.path("ruleId").asText() + " has no location");
          }
          for (JsonNode loc : r.path("locations")) {
            JsonNode a = loc.at("/physicalLocation/artifactLocation");
            String uri = a.path("uri").asText();
            if (!uri.startsWith("file:///") && !"%SRCROOT%".equals(a.path("uriBaseId").asText())) {
              out.add(name + ": " + uri + " is not relative to %SRCROOT%");
            }
            if (uri.startsWith("/") || uri.contains("\\")) {
              out.add(name + ": " + uri + " is not a relative URI");
            }
          }
        }
      }
    }
    return out;
  }
}
