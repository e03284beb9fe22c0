package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FindingTest {

  static Finding.Builder ruff() {
    return Finding.builder("ruff", "F401")
        .severity(Severity.MEDIUM)
        .file("app/main.py")
        .line(3)
        .column(8)
        .message("`os` imported but unused");
  }

  @Test
  void builderSetsEverything() {
    Finding f =
        ruff()
            .helpUri("https://docs.astral.sh/ruff/rules/unused-import")
            .property("fixable", "true")
            .build();
    assertThat(f.tool()).isEqualTo("ruff");
    assertThat(f.ruleId()).isEqualTo("F401");
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.file()).isEqualTo("app/main.py");
    assertThat(f.line()).isEqualTo(3);
    assertThat(f.column()).isEqualTo(8);
    assertThat(f.message()).isEqualTo("`os` imported but unused");
    assertThat(f.helpUri()).isEqualTo("https://docs.astral.sh/ruff/rules/unused-import");
    assertThat(f.properties()).containsExactly(Map.entry("fixable", "true"));
    assertThat(f.fingerprint()).matches("[0-9a-f]{64}");
    assertThat(f.location()).isEqualTo("app/main.py:3:8");
    assertThat(f.toBuilder().build()).isEqualTo(f);
  }

  @Test
  void fingerprintIgnoresLineAndColumn() {
    Finding a = ruff().build();
    Finding moved = ruff().line(40).column(1).severity(Severity.HIGH).build();
    assertThat(moved.fingerprint()).isEqualTo(a.fingerprint());
  }

  @Test
  void fingerprintDependsOnToolRuleFileAndMessage() {
    String fp = ruff().build().fingerprint();
    assertThat(
            Finding.builder("flake8", "F401")
                .file("app/main.py")
                .message(ruff().build().message())
                .build()
                .fingerprint())
        .isNotEqualTo(fp);
    assertThat(ruff().build().toBuilder().fingerprint(null).build().fingerprint()).isEqualTo(fp);
    assertThat(
            Finding.builder("ruff", "F402")
                .file("app/main.py")
                .message("`os` imported but unused")
                .build()
                .fingerprint())
        .isNotEqualTo(fp);
    assertThat(ruff().file("app/other.py").build().fingerprint()).isNotEqualTo(fp);
    assertThat(ruff().message("`sys` imported but unused").build().fingerprint()).isNotEqualTo(fp);
  }

  @Test
  void fingerprintIsTheDocumentedSha256() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] expected =
        sha.digest(
            "ruff\0F401\0app/main.py\0`os` imported but unused\0".getBytes(StandardCharsets.UTF_8));
    assertThat(ruff().build().fingerprint()).isEqualTo(HexFormat.of().formatHex(expected));
  }

  @Test
  void fingerprintNormalisesPathsAndWhitespace() {
    String fp = ruff().build().fingerprint();
    assertThat(ruff().file(".\\app\\main.py").build().fingerprint()).isEqualTo(fp);
    assertThat(ruff().file("./app//main.py").build().fingerprint()).isEqualTo(fp);
    assertThat(ruff().message("  `os`  imported\n   but unused\t").build().fingerprint())
        .isEqualTo(fp);
  }

  @Test
  void snippetReplacesMessageInTheFingerprint() {
    Finding a =
        Finding.builder("bandit", "B602")
            .file("x.py")
            .line(3)
            .message("call at line 3")
            .snippet("subprocess.call(cmd, shell=True)")
            .build();
    Finding b =
        Finding.builder("bandit", "B602")
            .file("x.py")
            .line(9)
            .message("call at line 9")
            .snippet("subprocess.call(cmd,  shell=True)")
            .build();
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
  }

  @Test
  void explicitFingerprintIsKept() {
    assertThat(ruff().fingerprint("abc").build().fingerprint()).isEqualTo("abc");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "app/main.py, app/main.py",
        "./app/main.py, app/main.py",
        "app\\sub\\x.py, app/sub/x.py",
        "app//x.py/, app/x.py",
        "app/./x.py, app/x.py",
        "app/x/., app/x",
        "' a.py ', a.py",
        "/abs/x.py, /abs/x.py",
        "'  ', NULL",
        "., NULL",
      })
  void normalizeFile(String in, String out) {
    assertThat(Finding.normalizeFile(in)).isEqualTo(out);
  }

  @Test
  void fileRelativeToRepositoryRoot() {
    Path root = Path.of("/repo");
    assertThat(ruff().file(root, Path.of("/repo/backend/app.py")).build().file())
        .isEqualTo("backend/app.py");
    assertThat(ruff().file(root, Path.of("backend/app.py")).build().file())
        .isEqualTo("backend/app.py");
    assertThat(ruff().file(root, Path.of("/elsewhere/app.py")).build().file())
        .isEqualTo("/elsewhere/app.py");
  }

  @Test
  void defaultsAndValidation() {
    Finding f = Finding.builder("trivy", "CVE-2024-1").build();
    assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(f.file()).isNull();
    assertThat(f.line()).isZero();
    assertThat(f.message()).isEmpty();
    assertThat(f.properties()).isEmpty();
    assertThat(f.location()).isEmpty();
    assertThat(ruff().line(5).column(0).build().location()).isEqualTo("app/main.py:5");

    assertThatThrownBy(() -> Finding.builder(" ", "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool");
    assertThatThrownBy(() -> Finding.builder("t", null).build()).hasMessageContaining("ruleId");
    assertThatThrownBy(() -> ruff().line(-1).build()).hasMessageContaining("line");
    assertThatThrownBy(() -> ruff().column(-2).build()).hasMessageContaining("column");
  }

  @Test
  void propertiesAreImmutableAndOrdered() {
    Finding f = ruff().property("b", "2").property("a", "1").property("skip", null).build();
    assertThat(f.properties()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
    assertThatThrownBy(() -> f.properties().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void recordConstructorDropsNullPropertyValuesAndRejectsBlankKeys() {
    Map<String, String> props = new java.util.HashMap<>();
    props.put("a", null);
    props.put("b", "1");
    Finding f = new Finding("t", "r", Severity.LOW, null, 0, 0, null, null, null, props);
    assertThat(f.properties()).containsExactly(Map.entry("b", "1"));
    assertThat(f.message()).isEmpty();
    assertThat(f.fingerprint()).hasSize(64);
    assertThatThrownBy(
            () ->
                new Finding("t", "r", Severity.LOW, null, 0, 0, null, null, null, Map.of(" ", "x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "plain text|plain text",
        "'  lead and trail  '|lead and trail",
        "'a  b'|a b",
        "'a\tb'|a b",
        "'a \n b'|a b",
        "'x\r\ny'|x y",
        "''|''",
        "'   '|''",
      })
  void normalizeText(String in, String out) {
    assertThat(Finding.normalizeText(in)).isEqualTo(out);
  }
}
