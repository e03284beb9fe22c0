package dev.buildgate.docker.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.buildgate.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What docker:scan reads from outside: Trivy's JSON report, the user's .trivyignore (text and YAML)
 * and images.json. Any content: a result or {@link ScanException} with one line, bounded.
 */
class ScanInputPropertiesTest {

  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("scan-props");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The real Trivy 0.68.2 report, cut to three vulnerabilities (the mutations do the rest). */
  private static String trivySeed() throws IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root;
    try (InputStream in =
        ScanInputPropertiesTest.class.getResourceAsStream("/trivy-0.68.2/debian-local.json")) {
      root = (ObjectNode) om.readTree(in);
    }
    ((ObjectNode) root.path("Metadata")).remove("ImageConfig");
    for (var r : root.path("Results")) {
      ArrayNode vulns = (ArrayNode) r.path("Vulnerabilities");
      while (vulns.size() > 2) {
        vulns.remove(vulns.size() - 1);
      }
    }
    return om.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }

  @Provide
  Arbitrary<byte[]> trivyReports() throws IOException {
    String small;
    try (InputStream in =
        ScanInputPropertiesTest.class.getResourceAsStream("/trivy-0.68.2/busybox-no-os.json")) {
      small = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Hostile.anyOf(trivySeed(), small);
  }

  @Property(tries = 150)
  void trivyReport(@ForAll("trivyReports") byte[] report) {
    Hostile.check(
        () -> TrivyReportParser.parse(new ByteArrayInputStream(report), "report.json", v -> {}),
        ScanException.class);
  }

  @Provide
  Arbitrary<byte[]> trivyIgnores() {
    return Hostile.anyOf(
        "# accepted\nCVE-2024-1234\nCVE-2024-9999 exp:2027-01-31\n\nGHSA-abcd-efgh-ijkl # why\n");
  }

  @Property(tries = 150)
  void trivyIgnoreText(@ForAll("trivyIgnores") byte[] content) throws IOException {
    Path f = dir.resolve(".trivyignore");
    Files.write(f, content);
    Hostile.check(() -> IgnoreRules.load(f, ".trivyignore"), ScanException.class);
  }

  @Provide
  Arbitrary<byte[]> trivyIgnoreYamls() {
    return Hostile.anyOf(
        "vulnerabilities:\n"
            + "  - id: CVE-2099-1\n"
            + "    statement: not reachable\n"
            + "    expired_at: 2027-01-01\n"
            + "  - id: CVE-2099-2\n"
            + "    purls:\n"
            + "      - pkg:deb/debian/libssl3\n"
            + "  - &x\n"
            + "    id: CVE-2099-3\n"
            + "    paths:\n"
            + "      - \"app/**\"\n"
            + "  - *x\n"
            + "misconfigurations:\n"
            + "  - id: AVD-DS-0002\n");
  }

  @Property(tries = 150)
  void trivyIgnoreYaml(@ForAll("trivyIgnoreYamls") byte[] content) throws IOException {
    Path f = dir.resolve(".trivyignore.yaml");
    Files.write(f, content);
    Hostile.check(() -> IgnoreRules.load(f, ".trivyignore.yaml"), ScanException.class);
  }

  static final String IMAGES_JSON =
      "{\n"
          + "  \"schemaVersion\" : 1,\n"
          + "  \"generatedAt\" : \"2026-11-26T21:22:49Z\",\n"
          + "  \"builder\" : \"buildx\",\n"
          + "  \"images\" : [ {\n"
          + "    \"name\" : \"backend\",\n"
          + "    \"primaryRef\" : \"acme/backend:main\",\n"
          + "    \"refs\" : [ \"acme/backend:main\", \"acme/backend:it\" ],\n"
          + "    \"imageId\" : \"sha256:aaa\",\n"
          + "    \"digest\" : \"sha256:ddd\",\n"
          + "    \"size\" : 1234,\n"
          + "    \"durationMillis\" : 56,\n"
          + "    \"status\" : \"UP_TO_DATE\",\n"
          + "    \"cache\" : { \"steps\" : 4, \"cached\" : 3 },\n"
          + "    \"loaded\" : true,\n"
          + "    \"pushed\" : false,\n"
          + "    \"dependsOn\" : [ \"base\" ],\n"
          + "    \"platforms\" : [ \"linux/amd64\" ],\n"
          + "    \"log\" : \"backend.log\",\n"
          + "    \"fingerprint\" : \"fp\"\n"
          + "  }, {\n"
          + "    \"name\" : \"web\",\n"
          + "    \"primaryRef\" : \"acme/web:main\",\n"
          + "    \"refs\" : [ \"acme/web:main\" ],\n"
          + "    \"status\" : \"FAILED\",\n"
          + "    \"error\" : \"boom\"\n"
          + "  } ]\n"
          + "}\n";

  @Provide
  Arbitrary<byte[]> imagesJsons() {
    return Hostile.anyOf(IMAGES_JSON);
  }

  @Property(tries = 150)
  void imagesJsonForTheScan(@ForAll("imagesJsons") byte[] content) throws IOException {
    Path f = dir.resolve("images.json");
    Files.write(f, content);
    Hostile.check(() -> ImageTarget.fromImagesJson(f), ScanException.class);
  }

  @Property(tries = 150)
  void imagesJsonForTheBuild(@ForAll("imagesJsons") byte[] content) throws IOException {
    Path f = dir.resolve("images-build.json");
    Files.write(f, content);
    // docker:build reads its previous images.json for the up-to-date check: IOException is its
    // one-line error there
    Hostile.check(() -> dev.buildgate.docker.image.ImagesFile.read(f), IOException.class);
  }

  @Provide
  Arbitrary<List<String>> ignoreLines() {
    return Hostile.lines();
  }

  @Provide
  Arbitrary<String> contextPaths() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars("ab./*?[]!\\-^x ".toCharArray())
        .ofMaxLength(80)
        .map(s -> s.isEmpty() ? "a" : s);
  }

  // jqwik 1.10.1 cannot shrink these strings (ClassCastException in ShrinkableString)
  @Property(tries = 200, shrinking = net.jqwik.api.ShrinkingMode.OFF)
  void dockerignore(
      @ForAll("ignoreLines") List<String> lines,
      @ForAll("contextPaths") String path,
      @ForAll("contextPaths") String dirPath) {
    Hostile.check(
        () -> {
          dev.buildgate.docker.build.DockerIgnore ignore =
              dev.buildgate.docker.build.DockerIgnore.parse(lines);
          ignore.excluded(path);
          ignore.mayIncludeBelow(dirPath);
          ignore.keeping(List.of(path, ".dockerignore")).excluded(path);
        },
        // the one-line error of a pattern docker would reject too (load() adds the file name)
        IllegalArgumentException.class);
  }
}
