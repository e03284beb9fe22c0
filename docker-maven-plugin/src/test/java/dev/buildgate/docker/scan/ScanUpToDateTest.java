package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.core.testing.RecordingLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-to-date decision of docker:scan: which inputs change the fingerprint, and that only a
 * passing scan is ever skipped. Trivy is replaced by a recording runner that answers {@code trivy
 * version} and writes the report captured from the real Trivy 0.68.2 ({@code debian-local.json}:
 * CVE-2099-10001 HIGH fixable fails the default gate unless ignored).
 */
class ScanUpToDateTest {

  static final String HIGH = "CVE-2099-10001";
  static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

  @TempDir Path project;
  Path trivy;
  Path state;
  final List<List<String>> scans = Collections.synchronizedList(new ArrayList<>());
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<List<String>> versions = Collections.synchronizedList(new ArrayList<>());
  String dbUpdatedAt = "2026-11-26T21:56:41Z";
  String trivyVersion = "0.68.2";

  @BeforeEach
  void fakeTrivy() throws IOException {
    trivy = project.resolve("bin/trivy");
    Files.createDirectories(trivy.getParent());
    Files.writeString(trivy, "#!/bin/sh\nexit 1\n");
    Files.setPosixFilePermissions(trivy, PosixFilePermissions.fromString("rwxr-xr-x"));
    state = project.resolve("target/buildgate/state");
  }

  /** Answers {@code version} and writes the captured report for {@code image}. */
  ProcessRunner runner() {
    return (spec, sink) -> {
      List<String> argv = spec.argv();
      if (argv.contains("version")) {
        versions.add(argv);
        String out =
            "{\"Version\":\""
                + trivyVersion
                + "\",\"VulnerabilityDB\":{\"Version\":2,"
                + "\"NextUpdate\":\"2999-01-01T00:00:00Z\",\"UpdatedAt\":\""
                + dbUpdatedAt
                + "\"}}";
        return new ProcessResult(argv, 0, out, "", false, Duration.ZERO);
      }
      scans.add(argv);
      Path out = Path.of(argv.get(argv.indexOf("--output") + 1));
      try (InputStream in = getClass().getResourceAsStream("/trivy-0.68.2/debian-local.json")) {
        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return new ProcessResult(argv, 0, "", "", false, Duration.ZERO);
    };
  }

  ScanConfig.Builder config() {
    return ScanConfig.builder(project, project.resolve("target/buildgate/docker"))
        .trivyPath(trivy)
        .skipDbUpdate(true)
        .skipJavaDbUpdate(true)
        .today(TODAY)
        .env(Map.of("PATH", "/usr/bin:/bin"));
  }

  static ImageTarget image(String name, String id) {
    return new ImageTarget(
        name, "acme/" + name + ":main", List.of(), id, null, 0, 0, "UP_TO_DATE", true, null);
  }

  ScanOutcome scan(ScanConfig c, boolean check, ImageTarget... images) {
    ScanUpToDate u = check ? new ScanUpToDate(state) : ScanUpToDate.OFF;
    return new DockerScanner(runner(), u).scan(c, List.of(images), new RecordingLog(log));
  }

  Path ignoring(String line) throws IOException {
    Path f = project.resolve(".trivyignore");
    Files.writeString(f, line + "\n");
    return f;
  }

  @Test
  void passedScan_isSkippedWithItsLastVerdict_untilAnInputChanges() throws Exception {
    ScanConfig c = config().ignoreFiles(List.of(ignoring(HIGH))).build();
    ImageTarget app = image("app", "sha256:aaa");

    ImageScanResult first = scan(c, true, app).results().get(0);
    assertThat(first.verdict()).isEqualTo(ScanVerdict.PASSED);
    assertThat(first.upToDate()).isFalse();
    assertThat(scans).hasSize(1);
    Path sarif = first.sarif();
    long sarifTime = Files.getLastModifiedTime(sarif).toMillis();

    log.clear();
    ScanOutcome again = scan(c, true, app);
    ImageScanResult second = again.results().get(0);
    assertThat(scans).as("not scanned again").hasSize(1);
    assertThat(second.verdict()).isEqualTo(ScanVerdict.PASSED);
    assertThat(second.upToDate()).isTrue();
    assertThat(second.ignored()).isEqualTo(first.ignored()).isEqualTo(2);
    assertThat(second.count(VulnSeverity.CRITICAL)).isEqualTo(first.count(VulnSeverity.CRITICAL));
    assertThat(Files.getLastModifiedTime(sarif).toMillis()).isEqualTo(sarifTime);
    assertThat(log).anyMatch(l -> l.startsWith("docker:scan UP-TO-DATE: [app]"));
    assertThat(log).noneMatch(l -> l.startsWith("Scanning "));
    assertThat(ScanReports.table(again.results()).get(1)).endsWith("PASSED (up to date)");
    assertThat(ScanReports.status(again.results())).isEqualTo(StepStatus.UP_TO_DATE);
    assertThat(ScanReports.markdown(again.results(), ScanPolicy.DEFAULT, "0.68.2"))
        .contains("PASSED (up to date) · C 2");

    // a new image id scans again, and says why
    log.clear();
    ImageScanResult rebuilt = scan(c, true, image("app", "sha256:bbb")).results().get(0);
    assertThat(scans).hasSize(2);
    assertThat(rebuilt.upToDate()).isFalse();
    assertThat(log).anyMatch(l -> l.startsWith("app: scanning (") && l.contains("image-id"));

    // the check off scans every time
    scan(c, false, image("app", "sha256:bbb"));
    assertThat(scans).hasSize(3);
  }

  @Test
  void failedScan_isNeverRecorded_andAlwaysScansAgain() throws Exception {
    ScanConfig c = config().build(); // the fixable HIGH is not ignored: FAILED
    ImageTarget app = image("app", "sha256:aaa");
    assertThat(scan(c, true, app).results().get(0).verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(scan(c, true, app).results().get(0).verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(scans).hasSize(2);
    assertThat(new dev.buildgate.core.state.UpToDateStore(state).recorded(ScanUpToDate.key(app)))
        .isEmpty();

    // passing once, then failing (the ignore entry removed): the record is gone
    Path f = ignoring(HIGH);
    ScanConfig ignoring = config().ignoreFiles(List.of(f)).build();
    scan(ignoring, true, app);
    assertThat(scans).hasSize(3);
    Files.writeString(f, "# nothing ignored any more\n");
    assertThat(scan(ignoring, true, app).results().get(0).verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(scans).hasSize(4);
    assertThat(new dev.buildgate.core.state.UpToDateStore(state).recorded(ScanUpToDate.key(app)))
        .isEmpty();
  }

  @Test
  void dbUpdate_orMissingReport_scansAgain() throws Exception {
    ScanConfig c = config().ignoreFiles(List.of(ignoring(HIGH))).build();
    ImageTarget app = image("app", "sha256:aaa");
    scan(c, true, app);
    dbUpdatedAt = "2026-11-27T06:00:00Z";
    assertThat(scan(c, true, app).results().get(0).upToDate()).isFalse();
    assertThat(scans).hasSize(2);
    Files.delete(project.resolve("target/buildgate/docker/trivy-app.json"));
    assertThat(scan(c, true, app).results().get(0).upToDate()).isFalse();
    assertThat(scans).hasSize(3);
    assertThat(scan(c, true, app).results().get(0).upToDate()).isTrue();
    assertThat(scans).hasSize(3);
  }

  @Test
  void fingerprint_changesWithEveryInputThatDecidesTheVerdict() throws Exception {
    Path f = ignoring(HIGH + " exp:2026-12-01");
    ScanConfig c = config().ignoreFiles(List.of(f)).build();
    ImageTarget app = image("app", "sha256:aaa");
    List<String> argv = List.of("trivy", "image", "--timeout", "300s", "acme/app:main");
    String db = "{\"UpdatedAt\":\"2026-11-26T21:56:41Z\"}";
    Fingerprint base = fp(c, app, "0.68.2", db, argv);

    assertThat(fp(c, app, "0.68.2", db, argv)).isEqualTo(base);
    assertThat(fp(c, image("app", "sha256:bbb"), "0.68.2", db, argv)).isNotEqualTo(base);
    assertThat(fp(c, app, "0.68.3", db, argv)).isNotEqualTo(base);
    assertThat(fp(c, app, "0.68.2", "{\"UpdatedAt\":\"2026-11-27T00:00:00Z\"}", argv))
        .isNotEqualTo(base);
    assertThat(fp(c, app, "0.68.2", db, List.of("trivy", "image", "--timeout", "60s")))
        .isNotEqualTo(base);
    assertThat(
            fp(
                config()
                    .ignoreFiles(List.of(f))
                    .policy(new ScanPolicy(EnumSet.of(VulnSeverity.CRITICAL), true))
                    .build(),
                app,
                "0.68.2",
                db,
                argv))
        .isNotEqualTo(base);
    assertThat(
            fp(
                config()
                    .ignoreFiles(List.of(f))
                    .policy(new ScanPolicy(ScanPolicy.DEFAULT.severities(), false))
                    .build(),
                app,
                "0.68.2",
                db,
                argv))
        .isNotEqualTo(base);

    // the ignore entry expires on 2026-12-01: the day before it is the same, on the day not
    ScanConfig dayBefore =
        config().ignoreFiles(List.of(f)).today(LocalDate.of(2026, 11, 30)).build();
    ScanConfig expiryDay =
        config().ignoreFiles(List.of(f)).today(LocalDate.of(2026, 12, 1)).build();
    assertThat(fp(dayBefore, app, "0.68.2", db, argv)).isEqualTo(base);
    assertThat(fp(expiryDay, app, "0.68.2", db, argv)).isNotEqualTo(base);

    // the ignore file's content, also a comment
    Files.writeString(f, HIGH + " exp:2026-12-01\n# reviewed\n");
    assertThat(fp(c, app, "0.68.2", db, argv)).isNotEqualTo(base);

    // per-image ignore files count for their image only
    Path own = project.resolve("app.trivyignore");
    Files.writeString(own, "CVE-1\n");
    ScanConfig perImage =
        config().ignoreFiles(List.of(f)).imageIgnoreFiles(Map.of("app", List.of(own))).build();
    Fingerprint withOwn = fp(perImage, app, "0.68.2", db, argv);
    assertThat(withOwn).isNotEqualTo(fp(c, app, "0.68.2", db, argv));
    Files.writeString(own, "CVE-2\n");
    assertThat(fp(perImage, app, "0.68.2", db, argv)).isNotEqualTo(withOwn);

    // the report dir's location is not an input
    List<String> entries =
        ScanUpToDate.fingerprint(
                c,
                app,
                rules(f),
                "0.68.2",
                db,
                List.of("trivy", "--output", c.reportDir() + "/trivy-app.json"))
            .orElseThrow()
            .entries();
    assertThat(entries).anyMatch(e -> e.contains("<reports>/trivy-app.json"));
  }

  @Test
  void imageWithoutIdOrDigest_orUnknownDb_isNeverSkipped() throws Exception {
    ScanConfig c = config().build();
    List<String> argv = List.of("trivy");
    assertThat(
            ScanUpToDate.fingerprint(
                c, ImageTarget.configured("acme/app:1"), IgnoreRules.NONE, "0.68.2", "{}", argv))
        .isEmpty();
    assertThat(
            ScanUpToDate.fingerprint(
                c, image("app", "sha256:a"), IgnoreRules.NONE, "0.68.2", null, argv))
        .isEmpty();
  }

  /** A file last modified a while ago (a just-written file is never trusted by its stamp). */
  static void aged(Path f, int secondsAgo) throws IOException {
    Files.setLastModifiedTime(
        f, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(secondsAgo)));
  }

  @Test
  void trivyVersion_isAskedOnce_untilTheBinaryOrTheDatabaseChanges() throws Exception {
    Path cache = project.resolve("trivy-cache");
    Path meta = cache.resolve("db/metadata.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "{\"Version\":2}");
    aged(meta, 600);
    aged(trivy, 600);
    ScanConfig c = config().cacheDir(cache).ignoreFiles(List.of(ignoring(HIGH))).build();
    ImageTarget app = image("app", "sha256:aaa");

    assertThat(scan(c, true, app).results().get(0).verdict()).isEqualTo(ScanVerdict.PASSED);
    assertThat(versions).hasSize(1);
    log.clear();
    assertThat(scan(c, true, app).results().get(0).upToDate()).isTrue();
    assertThat(versions).as("answer reused").hasSize(1);
    assertThat(log)
        .contains(
            "Trivy 0.68.2, vulnerability DB schema 2 updated 2026-11-26T21:56:41Z ("
                + cache.resolve("db")
                + ")");

    // a refreshed database (new metadata.json): asked again, and the scan is not up to date
    dbUpdatedAt = "2026-11-27T06:00:00Z";
    Files.writeString(meta, "{\"Version\":2,\"x\":1}");
    aged(meta, 300);
    assertThat(scan(c, true, app).results().get(0).upToDate()).isFalse();
    assertThat(versions).hasSize(2);
    assertThat(scan(c, true, app).results().get(0).upToDate()).isTrue();
    assertThat(versions).hasSize(2);

    // a Java DB appearing changes the stamp too
    Path javaMeta = cache.resolve("java-db/metadata.json");
    Files.createDirectories(javaMeta.getParent());
    Files.writeString(javaMeta, "{}");
    aged(javaMeta, 300);
    scan(c, true, app);
    assertThat(versions).hasSize(3);

    // another binary in place (an upgrade): asked again, and a wrong version fails closed
    trivyVersion = "0.69.0";
    Files.writeString(trivy, "#!/bin/sh\nexit 2\n");
    aged(trivy, 200);
    ImageScanResult wrong = scan(c, true, app).results().get(0);
    assertThat(versions).hasSize(4);
    assertThat(wrong.verdict()).isEqualTo(ScanVerdict.ERROR);
    assertThat(wrong.error()).startsWith("Wrong Trivy version: found 0.69.0");
    // the kept answer still fails the pin, without asking again
    assertThat(scan(c, true, app).results().get(0).verdict()).isEqualTo(ScanVerdict.ERROR);
    assertThat(versions).hasSize(4);

    // the up-to-date check off asks every time
    trivyVersion = "0.68.2";
    scan(c, false, app);
    scan(c, false, app);
    assertThat(versions).hasSize(6);
  }

  @Test
  void trivyVersion_isNotKept_forAJustModifiedBinaryOrTheImageRunner() throws Exception {
    Path cache = project.resolve("trivy-cache");
    Files.createDirectories(cache.resolve("db"));
    ScanConfig c = config().cacheDir(cache).build();
    List<String> argv = List.of(trivy.toString(), "version", "--format", "json");
    assertThat(TrivySetup.versionStamp(c, argv)).as("trivy written just now").isNull();
    aged(trivy, 600);
    assertThat(TrivySetup.versionStamp(c, argv)).hasSize(64);
    assertThat(TrivySetup.versionStamp(c, List.of("trivy", "version"))).isNull();
    ScanConfig image = config().cacheDir(cache).runner(TrivyRunner.IMAGE).build();
    assertThat(TrivySetup.versionStamp(image, argv)).isNull();
    // Trivy's default cache dir when none is configured: $TRIVY_CACHE_DIR, else the user's cache
    ScanConfig noCache = config().env(Map.of("PATH", "/bin")).build();
    assertThat(TrivySetup.versionStamp(noCache, argv)).isNull();
    ScanConfig home = config().env(Map.of("PATH", "/bin", "HOME", project.toString())).build();
    String viaHome = TrivySetup.versionStamp(home, argv);
    assertThat(viaHome).hasSize(64);
    ScanConfig other =
        config().env(Map.of("PATH", "/bin", "HOME", project.toString(), "TRIVY_X", "1")).build();
    assertThat(TrivySetup.versionStamp(other, argv)).isNotEqualTo(viaHome);
  }

  @Test
  void trivyVersionAnswer_roundTripsThroughOneLine() {
    var v =
        new TrivySetup.TrivyVersion(
            "0.68.2", true, "{\"Version\":2} java {\"a\":1}", "2", "2026-11-26T21:56:41Z");
    assertThat(TrivySetup.TrivyVersion.parse(v.line())).isEqualTo(v);
    var noDb = new TrivySetup.TrivyVersion("0.68.2", false, null, "?", "?");
    assertThat(TrivySetup.TrivyVersion.parse(noDb.line())).isEqualTo(noDb);
    assertThat(new TrivySetup.TrivyVersion("0.68.2", true, "a\tb", "2", "x").line()).isNull();
    assertThat(TrivySetup.TrivyVersion.parse("garbage")).isNull();
  }

  Fingerprint fp(ScanConfig c, ImageTarget t, String version, String db, List<String> argv)
      throws ScanException {
    return ScanUpToDate.fingerprint(c, t, rules(c.ignoreFiles().get(0)), version, db, argv)
        .orElseThrow();
  }

  static IgnoreRules rules(Path f) throws ScanException {
    return new IgnoreRules(IgnoreRules.load(f, f.getFileName().toString()));
  }
}
