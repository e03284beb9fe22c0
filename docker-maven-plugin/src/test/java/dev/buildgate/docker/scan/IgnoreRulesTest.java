package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoreRulesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

  @TempDir Path dir;

  private static TrivyVulnerability vuln(String id, String pkg, String purl, String target) {
    return new TrivyVulnerability(
        target,
        "debian",
        id,
        pkg,
        null,
        purl,
        "1.0",
        "1.1",
        "fixed",
        VulnSeverity.HIGH,
        null,
        null,
        -1);
  }

  @Test
  void textFormat_idsCommentsAndExpiry() throws Exception {
    Path f = dir.resolve(".trivyignore");
    Files.writeString(
        f,
        "# accepted risks\n"
            + "CVE-2099-1\n"
            + "  CVE-2099-2 exp:2026-12-01   # until the base image update\n"
            + "\n"
            + "CVE-2099-3 exp:2026-11-26\n");
    List<IgnoreEntry> entries = IgnoreRules.load(f, ".trivyignore");
    assertThat(entries)
        .extracting(IgnoreEntry::id)
        .containsExactly("CVE-2099-1", "CVE-2099-2", "CVE-2099-3");
    assertThat(entries.get(1).expires()).isEqualTo(LocalDate.of(2026, 12, 1));
    assertThat(entries.get(1).source()).isEqualTo(".trivyignore:3");

    IgnoreRules rules = new IgnoreRules(entries);
    assertThat(rules.ignoring(vuln("CVE-2099-1", "a", null, "t"), TODAY)).isNotNull();
    assertThat(rules.ignoring(vuln("CVE-2099-2", "a", null, "t"), TODAY)).isNotNull();
    // the expiry day itself no longer ignores (as Trivy)
    assertThat(rules.ignoring(vuln("CVE-2099-3", "a", null, "t"), TODAY)).isNull();
    assertThat(entries.get(2).expiredHits()).isEqualTo(1);
    assertThat(rules.ignoring(vuln("CVE-2099-9", "a", null, "t"), TODAY)).isNull();
    assertThat(entries.get(0).matches()).isEqualTo(1);
  }

  @Test
  void textFormat_badDateNamesFileLineAndFix() throws Exception {
    Path f = dir.resolve(".trivyignore");
    Files.writeString(f, "CVE-1\nCVE-2 exp:2026-13-01\n");
    assertThatThrownBy(() -> IgnoreRules.load(f, ".trivyignore"))
        .isInstanceOf(ScanException.class)
        .hasMessage(
            ".trivyignore:2: invalid date '2026-13-01': use exp:YYYY-MM-DD, e.g. exp:2026-12-31");
    Files.writeString(f, "CVE-1 until-friday\n");
    assertThatThrownBy(() -> IgnoreRules.load(f, ".trivyignore"))
        .hasMessageContaining(".trivyignore:1: unexpected 'until-friday'");
  }

  @Test
  void yamlFormat_statementExpiryPathsAndPurls() throws Exception {
    Path f = dir.resolve(".trivyignore.yaml");
    Files.writeString(
        f,
        "vulnerabilities:\n"
            + "  - id: CVE-2099-1\n"
            + "    statement: not reachable\n"
            + "    expired_at: 2027-01-01\n"
            + "  - id: CVE-2099-2\n"
            + "    purls:\n"
            + "      - pkg:deb/debian/libssl3\n"
            + "  - id: CVE-2099-3\n"
            + "    paths:\n"
            + "      - \"app/**\"\n"
            + "  - id: CVE-2099-4\n"
            + "    expired_at: \"2025-01-01\"\n"
            + "misconfigurations:\n"
            + "  - id: AVD-DS-0001\n");
    List<IgnoreEntry> entries = IgnoreRules.load(f, ".trivyignore.yaml");
    assertThat(entries).hasSize(4);
    assertThat(entries.get(0).statement()).isEqualTo("not reachable");
    assertThat(entries.get(0).expires()).isEqualTo(LocalDate.of(2027, 1, 1));
    IgnoreRules rules = new IgnoreRules(entries);
    assertThat(rules.ignoring(vuln("CVE-2099-1", "x", null, "t"), TODAY)).isNotNull();
    assertThat(
            rules.ignoring(
                vuln(
                    "CVE-2099-2",
                    "libssl3",
                    "pkg:deb/debian/libssl3@3.0.20-1~deb12u2?arch=amd64",
                    "t"),
                TODAY))
        .isNotNull();
    assertThat(
            rules.ignoring(
                vuln(
                    "CVE-2099-2",
                    "openssl",
                    "pkg:deb/debian/openssl@3.0.20-1~deb12u2?arch=amd64",
                    "t"),
                TODAY))
        .isNull();
    assertThat(rules.ignoring(vuln("CVE-2099-3", "x", null, "app/lib/requirements.txt"), TODAY))
        .isNotNull();
    assertThat(rules.ignoring(vuln("CVE-2099-3", "x", null, "other/requirements.txt"), TODAY))
        .isNull();
    assertThat(rules.ignoring(vuln("CVE-2099-4", "x", null, "t"), TODAY)).isNull();
  }

  @Test
  void yamlFormat_errorsNameTheEntry() throws Exception {
    Path f = dir.resolve(".trivyignore.yaml");
    Files.writeString(f, "vulnerabilities:\n  - statement: no id\n");
    assertThatThrownBy(() -> IgnoreRules.load(f, ".trivyignore.yaml"))
        .hasMessage(".trivyignore.yaml vulnerabilities[0]: missing 'id' (e.g. id: CVE-2024-1234)");
    Files.writeString(f, "vulnerabilities:\n  - id: CVE-1\n    expired_at: soon\n");
    assertThatThrownBy(() -> IgnoreRules.load(f, ".trivyignore.yaml"))
        .hasMessageContaining("vulnerabilities[0] (CVE-1): invalid date 'soon'");
    Files.writeString(f, "vulnerabilities: [\n");
    assertThatThrownBy(() -> IgnoreRules.load(f, ".trivyignore.yaml"))
        .hasMessageStartingWith(".trivyignore.yaml is not valid YAML");
  }

  @Test
  void missingFile_saysHowToFix() {
    assertThatThrownBy(() -> IgnoreRules.load(dir.resolve("nope"), "nope"))
        .hasMessageContaining("nope does not exist");
  }

  @Test
  void purlMatching() {
    assertThat(IgnoreEntry.purlMatches("pkg:pypi/requests", "pkg:pypi/requests@2.31.0")).isTrue();
    assertThat(IgnoreEntry.purlMatches("pkg:pypi/requests@2.31.0", "pkg:pypi/requests@2.31.0"))
        .isTrue();
    assertThat(IgnoreEntry.purlMatches("pkg:pypi/requests@2.30.0", "pkg:pypi/requests@2.31.0"))
        .isFalse();
    assertThat(
            IgnoreEntry.purlMatches(
                "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?epoch=1",
                "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&epoch=1"))
        .isTrue();
    assertThat(IgnoreEntry.purlMatches("pkg:pypi/requests", null)).isFalse();
  }
}
