package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parser tests on reports captured from the real Trivy 0.68.2 (src/test/resources/trivy-0.68.2).
 */
class TrivyReportParserTest {

  private static InputStream resource(String name) {
    InputStream in = TrivyReportParserTest.class.getResourceAsStream("/trivy-0.68.2/" + name);
    assertThat(in).as(name).isNotNull();
    return in;
  }

  @Test
  void realDebianReportFromTrivy0682_streamsEveryVulnerabilityWithFixAndStatus() throws Exception {
    List<TrivyVulnerability> vulns = new ArrayList<>();
    TrivyReport report;
    try (InputStream in = resource("debian-local.json")) {
      report = TrivyReportParser.parse(in, "debian-local.json", vulns::add);
    }
    assertThat(report.schemaVersion()).isEqualTo(2);
    assertThat(report.artifactName()).isEqualTo("buildgate/debian:local");
    assertThat(report.imageId()).startsWith("sha256:");
    assertThat(report.os()).startsWith("debian 12");
    assertThat(report.results()).isEqualTo(1);
    assertThat(report.vulnerabilities()).isEqualTo(9).isEqualTo(vulns.size());

    TrivyVulnerability ssl =
        vulns.stream().filter(v -> v.pkgName().equals("libssl3")).findFirst().orElseThrow();
    assertThat(ssl.id()).isEqualTo("CVE-2099-10001");
    assertThat(ssl.severity()).isEqualTo(VulnSeverity.HIGH);
    assertThat(ssl.status()).isEqualTo("fixed");
    assertThat(ssl.installedVersion()).isEqualTo("3.0.20-1~deb12u2");
    assertThat(ssl.fixedVersion()).isEqualTo("3.0.20-1~deb12u3");
    assertThat(ssl.fixable()).isTrue();
    assertThat(ssl.purl()).startsWith("pkg:deb/debian/libssl3@");
    assertThat(ssl.cvss3Score()).isEqualTo(7.5);
    assertThat(ssl.target()).startsWith("buildgate/debian:local (debian 12");
    assertThat(ssl.type()).isEqualTo("debian");
    assertThat(ssl.primaryUrl()).contains("cve-2099-10001");
    assertThat(ssl.title()).contains("fixable HIGH");

    TrivyVulnerability redis =
        vulns.stream().filter(v -> v.pkgName().equals("redis-server")).findFirst().orElseThrow();
    assertThat(redis.severity()).isEqualTo(VulnSeverity.CRITICAL);
    assertThat(redis.status()).isEqualTo("affected");
    assertThat(redis.fixedVersion()).isNull();
    assertThat(redis.fixable()).isFalse();

    assertThat(vulns).extracting(TrivyVulnerability::id).doesNotContain("CVE-2099-10005");
  }

  @Test
  void realReportWithoutOsOrResults_isAValidEmptyReport() throws Exception {
    List<TrivyVulnerability> vulns = new ArrayList<>();
    TrivyReport report;
    try (InputStream in = resource("busybox-no-os.json")) {
      report = TrivyReportParser.parse(in, "busybox-no-os.json", vulns::add);
    }
    assertThat(report.artifactName()).isEqualTo("buildgate/busybox:local");
    assertThat(report.os()).isNull();
    assertThat(report.results()).isZero();
    assertThat(vulns).isEmpty();
  }

  @Test
  void truncatedReport_failsClosedWithPosition() throws Exception {
    byte[] all;
    try (InputStream in = resource("debian-local.json")) {
      all = in.readAllBytes();
    }
    byte[] half = java.util.Arrays.copyOf(all, all.length / 2);
    assertThatThrownBy(() -> parse(new String(half, StandardCharsets.UTF_8)))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("Unparseable Trivy output")
        .hasMessageContaining("line");
  }

  @Test
  void emptyOutput_failsClosed() {
    assertThatThrownBy(() -> parse(""))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void notJson_failsClosed() {
    assertThatThrownBy(() -> parse("2026-11-26T21:17:15Z FATAL Fatal error"))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("Unparseable Trivy output");
  }

  @Test
  void jsonThatIsNotATrivyReport_failsClosed() {
    assertThatThrownBy(() -> parse("{\"Results\": []}"))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("no SchemaVersion");
    assertThatThrownBy(() -> parse("[1,2]"))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> parse("{\"SchemaVersion\": 1}"))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("schema 1");
  }

  @Test
  void unknownFieldsAndNullsAreSkipped() throws Exception {
    List<TrivyVulnerability> vulns = new ArrayList<>();
    TrivyReportParser.parse(
        new ByteArrayInputStream(
            ("{\"SchemaVersion\":2,\"New\":{\"a\":[1,{\"b\":null}]},\"Results\":[{\"Target\":\"t\","
                    + "\"Vulnerabilities\":[{\"VulnerabilityID\":\"X-1\",\"Severity\":\"SEVERE?\","
                    + "\"FixedVersion\":null,\"Status\":\"will_not_fix\",\"Extra\":[[]],"
                    + "\"CVSS\":{\"ghsa\":{\"V3Score\":8.1},\"nvd\":{\"V2Score\":5}}}]}]}")
                .getBytes(StandardCharsets.UTF_8)),
        "inline",
        vulns::add);
    assertThat(vulns)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.severity()).isEqualTo(VulnSeverity.UNKNOWN);
              assertThat(v.fixable()).isFalse();
              assertThat(v.cvss3Score()).isEqualTo(8.1);
            });
  }

  private static TrivyReport parse(String json) throws ScanException {
    return TrivyReportParser.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "inline", v -> {});
  }
}
