package dev.buildgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {

  private static final List<String> PY = List.of("**/*.py", "pyproject.toml");
  private static final List<String> EXCLUDES = List.of("**/.venv/**", "**/__pycache__/**");

  @TempDir Path tmp;
  private Path project;

  @BeforeEach
  void project() throws IOException {
    project = tmp.resolve("project");
    write("pyproject.toml", "[project]\nname='x'\n");
    write("src/app/main.py", "print('hi')\n");
    write("src/app/util.py", "X = 1\n");
    write("src/app/__pycache__/main.cpython-311.pyc", "bytecode");
    write(".venv/lib/site.py", "venv");
    write("README.md", "readme");
  }

  private Path write(String rel, String content) throws IOException {
    Path p = project.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  private String fp() {
    return fp(project);
  }

  private static String fp(Path root) {
    return Fingerprint.builder()
        .value("args", List.of("check", "--strict"))
        .tool("ruff", "0.17.6")
        .files(root, PY, EXCLUDES)
        .build()
        .hex();
  }

  @Test
  void isDeterministicAndIndependentOfCallOrder() {
    String a = fp();
    assertThat(a).hasSize(64).matches("[0-9a-f]+").isEqualTo(fp());

    String reordered =
        Fingerprint.builder()
            .files(project, PY, EXCLUDES)
            .tool("ruff", "0.17.6")
            .value("args", List.of("check", "--strict"))
            .build()
            .hex();
    assertThat(reordered).isEqualTo(a);
  }

  @Test
  void selectsFilesByIncludesAndExcludesWithRelativeSortedPaths() {
    Fingerprint f = Fingerprint.builder().files(project, PY, EXCLUDES).build();
    assertThat(f.entries())
        .filteredOn(e -> e.startsWith("file:"))
        .extracting(e -> e.substring(e.indexOf("]/") + 2, e.lastIndexOf('=')))
        .containsExactly("pyproject.toml", "src/app/main.py", "src/app/util.py");
  }

  @Test
  void contentChangeChangesTheFingerprint() throws IOException {
    String before = fp();
    write("src/app/util.py", "X = 2\n");
    assertThat(fp()).isNotEqualTo(before);
  }

  @Test
  void addedRemovedAndRenamedFilesChangeTheFingerprint() throws IOException {
    String before = fp();
    Path added = write("src/app/new.py", "");
    String withNew = fp();
    assertThat(withNew).isNotEqualTo(before);
    Files.delete(added);
    assertThat(fp()).isEqualTo(before);
    Files.move(project.resolve("src/app/util.py"), project.resolve("src/app/util2.py"));
    assertThat(fp()).isNotEqualTo(before);
  }

  @Test
  void excludedAndUnselectedFilesAndTimestampsDoNotMatter() throws IOException {
    String before = fp();
    write(".venv/lib/site.py", "changed");
    write("src/app/__pycache__/main.cpython-311.pyc", "changed");
    write("README.md", "changed");
    Files.setLastModifiedTime(
        project.resolve("src/app/main.py"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    assertThat(fp()).isEqualTo(before);
  }

  @Test
  void relocatedCheckoutKeepsTheFingerprint() throws IOException {
    Path copy = tmp.resolve("elsewhere/project");
    try (var paths = Files.walk(project)) {
      for (Path p : paths.toList()) {
        Path target = copy.resolve(project.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    assertThat(fp(copy)).isEqualTo(fp());
  }

  @Test
  void valuesAndToolVersionsChangeTheFingerprint() {
    String base = fp();
    String otherTool =
        Fingerprint.builder()
            .value("args", List.of("check", "--strict"))
            .tool("ruff", "0.17.7")
            .files(project, PY, EXCLUDES)
            .build()
            .hex();
    String otherArgs =
        Fingerprint.builder()
            .value("args", List.of("--strict", "check"))
            .tool("ruff", "0.17.6")
            .files(project, PY, EXCLUDES)
            .build()
            .hex();
    assertThat(otherTool).isNotEqualTo(base);
    assertThat(otherArgs).isNotEqualTo(base);
  }

  @Test
  void valueEncodingIsUnambiguous() {
    assertThat(hex("k", null)).isNotEqualTo(hex("k", "null"));
    assertThat(hex("k", List.of("a;b"))).isNotEqualTo(hex("k", List.of("a", "b")));
    assertThat(hex("a=b", "c")).isNotEqualTo(hex("a", "b=c"));
    assertThat(hex("k", "x\ny")).isNotEqualTo(hex("k", "x\\ny"));
    Map<String, Object> m1 = new LinkedHashMap<>();
    m1.put("b", 2);
    m1.put("a", 1);
    Map<String, Object> m2 = new LinkedHashMap<>();
    m2.put("a", 1);
    m2.put("b", 2);
    assertThat(hex("m", m1)).isEqualTo(hex("m", m2));
    assertThat(hex("arr", new String[] {"x", "y"})).isEqualTo(hex("arr", List.of("x", "y")));
    assertThat(hex("bytes", new byte[] {1, 2})).isNotEqualTo(hex("bytes", new byte[] {1, 3}));
    assertThat(hex("p", Path.of("a/b"))).isEqualTo(hex("p", "a/b"));
  }

  private static String hex(String k, Object v) {
    return Fingerprint.builder().value(k, v).build().hex();
  }

  @Test
  void singleFilesAndMissingInputsAreTracked() throws IOException {
    Path cfg = project.resolve("ruff.toml");
    String missing = Fingerprint.builder().file(cfg).build().hex();
    Files.writeString(cfg, "line-length = 100\n");
    String present = Fingerprint.builder().file(cfg).build().hex();
    Files.writeString(cfg, "line-length = 120\n");
    String changed = Fingerprint.builder().file(cfg).build().hex();
    assertThat(List.of(missing, present, changed)).doesNotHaveDuplicates();

    String noRoot =
        Fingerprint.builder().files(tmp.resolve("no-such-dir"), List.of(), List.of()).build().hex();
    String emptyRoot =
        Fingerprint.builder()
            .files(Files.createDirectories(tmp.resolve("empty")), List.of(), List.of())
            .build()
            .hex();
    assertThat(noRoot).isNotEqualTo(emptyRoot);
  }

  @Test
  void emptyIncludesMeanEveryFile() throws IOException {
    Fingerprint f = Fingerprint.builder().files(project, List.of(), List.of("**/.venv/**")).build();
    assertThat(f.entries().stream().filter(e -> e.startsWith("file:"))).hasSize(5);
  }

  @Test
  void handlesThousandsOfFiles() throws IOException {
    Path big = tmp.resolve("big");
    byte[] content = new byte[512];
    for (int d = 0; d < 50; d++) {
      Path dir = Files.createDirectories(big.resolve("pkg" + d));
      for (int i = 0; i < 60; i++) {
        Arrays.fill(content, (byte) (i + d));
        Files.write(dir.resolve("m" + i + ".py"), content);
      }
    }
    Fingerprint first = Fingerprint.builder().files(big, List.of("**/*.py"), List.of()).build();
    assertThat(first.entries()).hasSize(3000 + 1);
    assertThat(Fingerprint.builder().files(big, List.of("**/*.py"), List.of()).build())
        .isEqualTo(first);
    Files.write(big.resolve("pkg49/m59.py"), new byte[] {42});
    assertThat(Fingerprint.builder().files(big, List.of("**/*.py"), List.of()).build().hex())
        .isNotEqualTo(first.hex());
  }

  private String cached(Path cache) {
    return Fingerprint.builder()
        .value("args", List.of("check", "--strict"))
        .tool("ruff", "0.17.6")
        .files(project, PY, EXCLUDES)
        .file(project.resolve("README.md"))
        .hashCache(cache)
        .build()
        .hex();
  }

  private String uncached() {
    return Fingerprint.builder()
        .value("args", List.of("check", "--strict"))
        .tool("ruff", "0.17.6")
        .files(project, PY, EXCLUDES)
        .file(project.resolve("README.md"))
        .build()
        .hex();
  }

  private void age(String rel) throws IOException {
    Files.setLastModifiedTime(
        project.resolve(rel), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
  }

  @Test
  void hashCacheGivesTheSameFingerprintAndSkipsUnchangedFiles() throws IOException {
    for (String f : List.of("pyproject.toml", "src/app/main.py", "src/app/util.py", "README.md")) {
      age(f);
    }
    Path cache = tmp.resolve("state/inputs.hashes");

    String first = cached(cache);
    assertThat(first).isEqualTo(uncached());
    assertThat(cache).exists();
    assertThat(Files.readAllLines(cache)).hasSize(4);
    assertThat(cached(cache)).isEqualTo(first);

    // proof that unchanged files are not read: same size and time, other content -> cache hit
    write("src/app/util.py", "X = 9\n");
    age("src/app/util.py");
    assertThat(cached(cache)).isEqualTo(first);
    assertThat(uncached()).isNotEqualTo(first);

    // a real edit changes the time: detected
    write("src/app/util.py", "X = 10\n");
    assertThat(cached(cache)).isEqualTo(uncached()).isNotEqualTo(first);
  }

  @Test
  void recentlyModifiedFilesAreNeverCached() throws IOException {
    age("pyproject.toml");
    age("src/app/util.py");
    age("README.md");
    write("src/app/main.py", "fresh\n"); // modified just now
    Path cache = tmp.resolve("inputs.hashes");

    cached(cache);

    assertThat(Files.readString(cache))
        .contains(project.resolve("src/app/util.py").toString())
        .doesNotContain(project.resolve("src/app/main.py").toString());
  }

  @Test
  void garbledHashCacheIsIgnored() throws IOException {
    Path cache = Files.writeString(tmp.resolve("inputs.hashes"), "garbage\n1 2\nx y z w\n");
    assertThat(cached(cache)).isEqualTo(uncached());
  }

  @Test
  void badGlobIsRejected() {
    assertThatThrownBy(() -> Fingerprint.builder().files(project, List.of(" "), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
