package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.StreamKind;
import dev.buildgate.core.testing.RecordingLog;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrivyDbCheck} on copies of the real Trivy test DB ({@code .ci/make-trivy-db.sh}), broken
 * in the ways that made Trivy report fewer vulnerabilities or panic; and a Trivy panic reported as
 * one line with its stack in a file.
 */
class TrivyDbCheckTest {

  @TempDir Path tmp;
  Path db;
  long size;

  @BeforeEach
  void copyOfTheTestDatabase() throws Exception {
    String home = System.getenv().getOrDefault("BUILDGATE_CI_HOME", "/opt/buildgate-ci");
    Path shared =
        Path.of(System.getenv().getOrDefault("BUILDGATE_TRIVY_CACHE", home + "/trivy-cache"), "db");
    assertThat(shared.resolve("trivy.db"))
        .as("the Trivy test DB: run .ci/make-trivy-db.sh")
        .isRegularFile();
    db = Files.createDirectories(tmp.resolve("cache/db"));
    Files.copy(shared.resolve("trivy.db"), db.resolve("trivy.db"));
    Files.copy(shared.resolve("metadata.json"), db.resolve("metadata.json"));
    size = Files.size(db.resolve("trivy.db"));
  }

  @Test
  void theIntactDatabasePasses() throws Exception {
    assertThat(TrivyDbCheck.check(db)).isTrue();
    assertThat(TrivyDbCheck.check(tmp.resolve("none"))).as("no trivy.db: Trivy says so").isFalse();
  }

  @Test
  void everyTruncationIsDamage() throws Exception {
    byte[] whole = Files.readAllBytes(db.resolve("trivy.db"));
    long highWater = 0;
    for (long cut = size - 1; cut >= 0; cut -= 1021) { // every page, at odd offsets
      Files.write(db.resolve("trivy.db"), java.util.Arrays.copyOf(whole, (int) cut));
      try {
        TrivyDbCheck.check(db);
        highWater = Math.max(highWater, cut); // only past bbolt's last page is a cut harmless
      } catch (TrivyDbCheck.DamagedException expected) {
        assertThat(expected.getMessage()).doesNotContain("\n");
      }
    }
    Files.write(db.resolve("trivy.db"), java.util.Arrays.copyOf(whole, (int) (size / 2)));
    assertThatThrownBy(() -> TrivyDbCheck.check(db))
        .isInstanceOf(TrivyDbCheck.DamagedException.class)
        .hasMessageStartingWith("the file is truncated: " + size / 2 + " bytes, bbolt needs ");
    assertThat(highWater).as("a harmless cut keeps every page bbolt uses").isLessThan(size);
  }

  @Test
  void aBrokenPageHeaderOrMetaIsDamage() throws Exception {
    byte[] whole = Files.readAllBytes(db.resolve("trivy.db"));
    int pages = (int) (size / 4096);
    int detected = 0;
    for (int page = 0; page < pages; page++) {
      Files.write(db.resolve("trivy.db"), whole);
      try (RandomAccessFile f = new RandomAccessFile(db.resolve("trivy.db").toFile(), "rw")) {
        f.seek(page * 4096L);
        f.write(new byte[] {(byte) 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f});
      }
      try {
        TrivyDbCheck.check(db);
      } catch (TrivyDbCheck.DamagedException e) {
        detected++;
      }
    }
    // both metas broken is damage; one broken meta is what bbolt survives (it uses the other);
    // a broken header of any page in the tree is damage; free pages are not read
    assertThat(detected).isGreaterThanOrEqualTo(3);
    Files.write(db.resolve("trivy.db"), whole);
    try (RandomAccessFile f = new RandomAccessFile(db.resolve("trivy.db").toFile(), "rw")) {
      f.seek(16);
      f.write(new byte[8]);
      f.seek(4096 + 16);
      f.write(new byte[8]);
    }
    assertThatThrownBy(() -> TrivyDbCheck.check(db))
        .isInstanceOf(TrivyDbCheck.DamagedException.class)
        .hasMessage("no valid bbolt meta page");
  }

  @Test
  void aTruncatedDatabaseFailsTheScanClosedWithOneLine() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(db.resolve("trivy.db").toFile(), "rw")) {
      f.setLength(size / 2);
    }
    List<List<String>> scans = Collections.synchronizedList(new ArrayList<>());
    ScanOutcome out = scan(recording(scans, null));
    ImageScanResult r = out.results().get(0);
    assertThat(r.verdict()).isEqualTo(ScanVerdict.ERROR);
    assertThat(r.error())
        .startsWith(
            "Trivy's vulnerability database "
                + db.resolve("trivy.db")
                + " is damaged (the file is truncated: ")
        .contains("so no scan can be trusted: delete " + db + " and let Trivy download it again")
        .doesNotContain("\n");
    assertThat(scans).as("Trivy never scans with it").isEmpty();
  }

  @Test
  void aTrivyPanicIsOneLineWithTheStackInAFile() throws Exception {
    List<String> panic =
        List.of(
            "2026-12-04T17:44:32Z\tINFO\tDetected OS\tfamily=\"debian\" version=\"12.8\"",
            "panic: assertion failed: Page expected to be: 10, but self identifies as 2055",
            "",
            "goroutine 1 [running]:",
            "go.etcd.io/bbolt/internal/common.Assert(...)",
            "\t/home/runner/go/pkg/mod/go.etcd.io/bbolt@v1.4.3/internal/common/verify.go:65",
            "main.main()",
            "\t/home/runner/work/trivy/trivy/cmd/trivy/main.go:19 +0x1f");
    List<String> console = Collections.synchronizedList(new ArrayList<>());
    ScanOutcome out = scan(recording(new ArrayList<>(), panic), console);
    ImageScanResult r = out.results().get(0);
    assertThat(r.verdict()).isEqualTo(ScanVerdict.ERROR);
    Path logFile = tmp.resolve("target/buildgate/docker/trivy-app.log");
    assertThat(r.error())
        .isEqualTo(
            "Trivy crashed scanning app (acme/app:main): panic: assertion failed: Page expected to"
                + " be: 10, but self identifies as 2055 (its output and stack are in "
                + logFile
                + "); if it recurs, delete "
                + db
                + " and let Trivy download it again, or rebuild it (.ci/make-trivy-db.sh in CI)");
    assertThat(String.join("\n", console))
        .contains("Detected OS")
        .doesNotContain("goroutine")
        .doesNotContain("main.go");
    assertThat(Files.readString(logFile)).contains("goroutine 1 [running]:").contains("main.go:19");
  }

  /** Answers {@code version}; a scan prints {@code lines} and exits 2, or is recorded. */
  private static ProcessRunner recording(List<List<String>> scans, List<String> lines) {
    return (spec, sink) -> {
      List<String> argv = spec.argv();
      if (argv.contains("version")) {
        return new ProcessResult(
            argv,
            0,
            "{\"Version\":\"0.68.2\",\"VulnerabilityDB\":{\"Version\":2,"
                + "\"NextUpdate\":\"2999-01-01T00:00:00Z\",\"UpdatedAt\":\"2026-11-26T21:56:41Z\"}}",
            "",
            false,
            Duration.ZERO);
      }
      scans.add(argv);
      if (lines == null) {
        return new ProcessResult(argv, 0, "", "", false, Duration.ZERO);
      }
      lines.forEach(l -> sink.line(StreamKind.STDERR, l));
      return new ProcessResult(argv, 2, "", String.join("\n", lines) + "\n", false, Duration.ZERO);
    };
  }

  private ScanOutcome scan(ProcessRunner runner) throws Exception {
    return scan(runner, new ArrayList<>());
  }

  private ScanOutcome scan(ProcessRunner runner, List<String> console) throws Exception {
    Path trivy = tmp.resolve("bin/trivy");
    Files.createDirectories(trivy.getParent());
    Files.writeString(trivy, "#!/bin/sh\nexit 1\n");
    Files.setPosixFilePermissions(trivy, PosixFilePermissions.fromString("rwxr-xr-x"));
    ScanConfig c =
        ScanConfig.builder(tmp, tmp.resolve("target/buildgate/docker"))
            .trivyPath(trivy)
            .cacheDir(tmp.resolve("cache"))
            .skipDbUpdate(true)
            .skipJavaDbUpdate(true)
            .today(LocalDate.of(2026, 11, 26))
            .env(Map.of("PATH", "/usr/bin:/bin"))
            .build();
    ImageTarget app =
        new ImageTarget(
            "app", "acme/app:main", List.of(), "sha256:a", null, 0, 0, "BUILT", true, null);
    return new DockerScanner(runner, ScanUpToDate.OFF)
        .scan(c, List.of(app), new RecordingLog(console));
  }
}
