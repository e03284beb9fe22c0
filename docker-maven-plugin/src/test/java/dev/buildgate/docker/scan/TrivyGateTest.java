package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.exec.Executables;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate against the real engine: real Trivy 0.68.2 (PATH or /opt/buildgate-ci/venv/bin), real
 * images built here from {@code buildgate/debian:local}, and the test vulnerability database made
 * by {@code .ci/make-trivy-db.sh} ({@code $BUILDGATE_TRIVY_CACHE}, default
 * /opt/buildgate-ci/trivy-cache), copied into a temp cache dir. Its advisories (debian 12 bucket):
 * CVE-2099-10001 HIGH fixable (openssl: libssl3 + openssl), CVE-2099-10002 CRITICAL unfixed (redis:
 * redis-server + redis-tools), CVE-2099-10003 LOW fixable (zlib), CVE-2099-10004 MEDIUM fixable
 * (python3.11, 4 packages).
 */
class TrivyGateTest {

  static final String HIGH = "CVE-2099-10001";
  static final String CRITICAL_UNFIXED = "CVE-2099-10002";
  static final String LOW = "CVE-2099-10003";
  static final String LABEL = "dev.buildgate.test=docker-scan";

  static final LocalProcessRunner RUNNER = new LocalProcessRunner();
  static final String TAG = UUID.randomUUID().toString().substring(0, 8);
  static final String APP = "buildgate-scan-test/app:" + TAG;
  static final String NOREDIS = "buildgate-scan-test/noredis:" + TAG;
  static Path trivy;
  static Path cache;
  static Map<String, String> env;

  @TempDir static Path shared;
  @TempDir Path project;

  @BeforeAll
  static void realTrivyDatabaseAndImages() throws Exception {
    env = new HashMap<>(System.getenv());
    String home = env.getOrDefault("BUILDGATE_CI_HOME", "/opt/buildgate-ci");
    String path = env.getOrDefault("PATH", "") + ":" + home + "/venv/bin";
    env.put("PATH", path);
    trivy =
        Executables.find("trivy", path)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "trivy 0.68.2 not on PATH nor in "
                            + home
                            + "/venv/bin: run .ci/setup-env.sh"));
    Path db = Path.of(env.getOrDefault("BUILDGATE_TRIVY_CACHE", home + "/trivy-cache"), "db");
    if (!Files.isRegularFile(db.resolve("trivy.db"))
        || !Files.isRegularFile(db.resolve("metadata.json"))) {
      fail("No Trivy test database in " + db + ": run .ci/make-trivy-db.sh");
    }
    cache = shared.resolve("trivy-cache");
    Files.createDirectories(cache.resolve("db"));
    Files.copy(db.resolve("trivy.db"), cache.resolve("db/trivy.db"));
    Files.copy(db.resolve("metadata.json"), cache.resolve("db/metadata.json"));
    ProcessResult base =
        docker("image", "inspect", "--format", "{{.Id}}", "buildgate/debian:local");
    if (base.exitCode() != 0) {
      fail("buildgate/debian:local is missing: run .ci/make-base-images.sh");
    }
    build(APP, "FROM buildgate/debian:local\nRUN echo scanned > /etc/buildgate-scan-test\n");
    build(
        NOREDIS,
        "FROM buildgate/debian:local\nRUN dpkg --purge --force-all redis-server redis-tools\n");
  }

  @AfterAll
  static void removeImages() throws Exception {
    docker("rmi", "-f", APP, NOREDIS);
  }

  static void build(String ref, String dockerfile) throws Exception {
    // a context directory of its own (a Dockerfile on stdin leaves a /tmp/dockerfile* behind)
    Path ctx =
        Files.createDirectories(shared.resolve("ctx-" + ref.replaceAll("[^A-Za-z0-9]", "-")));
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    ProcessResult r =
        RUNNER.run(
            ProcessSpec.builder(
                    "docker", "build", "-q", "--label", LABEL, "-t", ref, ctx.toString())
                .timeout(Duration.ofMinutes(3))
                .build(),
            LineSink.NONE);
    assertThat(r.exitCode()).as("docker build %s: %s", ref, r.outputTail(20)).isZero();
  }

  static ProcessResult docker(String... args) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add("docker");
    argv.addAll(List.of(args));
    return RUNNER.run(
        ProcessSpec.builder(argv).timeout(Duration.ofMinutes(1)).build(), LineSink.NONE);
  }

  static ImageTarget target(String name, String ref) {
    return new ImageTarget(name, ref, List.of(ref), null, null, 0, 1200, "BUILT", true, null);
  }

  ScanConfig.Builder config() {
    return ScanConfig.builder(project, project.resolve("target/buildgate/docker"))
        .trivyPath(trivy)
        .cacheDir(cache)
        .skipDbUpdate(true)
        .skipJavaDbUpdate(true)
        .offlineScan(true)
        .env(env);
  }

  static final List<String> LOG = java.util.Collections.synchronizedList(new ArrayList<>());

  static GateLog log() {
    return new RecordingLog(LOG);
  }

  ImageScanResult scanApp(ScanConfig c) {
    ScanOutcome o = new DockerScanner(RUNNER).scan(c, List.of(target("app", APP)), log());
    assertThat(o.results()).hasSize(1);
    ImageScanResult r = o.results().get(0);
    assertSarifPresent(r);
    return r;
  }

  Path ignoreFile(String name, String content) throws IOException {
    Path f = project.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  static JsonNode assertSarifPresent(ImageScanResult r) {
    assertThat(r.sarif()).as("SARIF of %s", r.target().name()).isNotNull();
    assertThat(r.sarif()).exists().hasFileName("trivy-" + r.target().fileName() + ".sarif");
    try {
      JsonNode s = new ObjectMapper().readTree(r.sarif().toFile());
      assertThat(s.path("version").asText()).isEqualTo("2.1.0");
      assertThat(s.path("runs")).hasSize(1);
      assertThat(s.path("runs").get(0).path("tool").path("driver").path("name").asText())
          .isEqualTo("trivy");
      // each image its own GitHub code scanning category
      assertThat(s.at("/runs/0/automationDetails/id").asText())
          .isEqualTo("buildgate/docker/scan/" + r.target().fileName() + "/");
      return s;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void fixableHigh_failsTheGate_withSarifRulesAndRawJson() throws Exception {
    ImageScanResult r = scanApp(config().build());
    assertThat(r.verdict()).as(String.valueOf(r.error())).isEqualTo(ScanVerdict.FAILED);
    assertThat(r.blocking()).isEqualTo(2); // libssl3 and openssl
    assertThat(r.blockingSample()).allMatch(s -> s.startsWith(HIGH + " HIGH "));
    assertThat(r.count(VulnSeverity.CRITICAL)).isEqualTo(2);
    assertThat(r.count(VulnSeverity.HIGH)).isEqualTo(2);
    assertThat(r.count(VulnSeverity.MEDIUM)).isEqualTo(4);
    assertThat(r.count(VulnSeverity.LOW)).isEqualTo(1);
    assertThat(r.fixable()).isEqualTo(7);
    assertThat(r.ignored()).isZero();
    assertThat(r.json()).exists().hasFileName("trivy-app.json");
    assertThat(r.os()).startsWith("debian 12.");

    JsonNode run = assertSarifPresent(r).path("runs").get(0);
    assertThat(run.path("tool").path("driver").path("version").asText()).isEqualTo("0.68.2");
    JsonNode rule = null;
    for (JsonNode n : run.path("tool").path("driver").path("rules")) {
      if (n.path("id").asText().equals(HIGH)) {
        rule = n;
      }
    }
    assertThat(rule).as("rule " + HIGH).isNotNull();
    assertThat(rule.path("defaultConfiguration").path("level").asText()).isEqualTo("error");
    assertThat(rule.path("properties").path("security-severity").asText()).isEqualTo("7.5");
    assertThat(run.path("results")).hasSize(9);

    String md = ScanReports.markdown(List.of(r), ScanPolicy.DEFAULT, "0.68.2");
    assertThat(md)
        .contains("FAILED: 2 blocking")
        .contains("docker pull " + APP)
        .contains("C 2 · H 2");
    assertThat(ScanReports.status(List.of(r)))
        .isEqualTo(dev.buildgate.core.summary.StepStatus.FAILED);
    assertThat(ScanReports.table(List.of(r)).get(1)).contains("app").contains("FAILED");
  }

  @Test
  void sameIdInTrivyignore_passes_andLowNeverFailsByDefault() throws Exception {
    Path f = ignoreFile(".trivyignore", "# accepted until the base image update\n" + HIGH + "\n");
    // memory layer cache: nothing but the DB in the cache dir afterwards
    Path own = project.resolve("own-cache");
    Files.createDirectories(own.resolve("db"));
    Files.copy(cache.resolve("db/trivy.db"), own.resolve("db/trivy.db"));
    Files.copy(cache.resolve("db/metadata.json"), own.resolve("db/metadata.json"));
    ImageScanResult r =
        scanApp(config().ignoreFiles(List.of(f)).cacheDir(own).cacheBackend("memory").build());
    assertThat(own.resolve("fanal")).doesNotExist();
    assertThat(own.resolve("db/trivy.db")).exists();
    assertThat(r.verdict()).isEqualTo(ScanVerdict.PASSED);
    assertThat(r.ignored()).isEqualTo(2);
    assertThat(r.count(VulnSeverity.HIGH)).isZero();
    // the LOW (fixable) and the unfixed CRITICAL are there but do not fail by default
    assertThat(r.count(VulnSeverity.LOW)).isEqualTo(1);
    assertThat(r.count(VulnSeverity.CRITICAL)).isEqualTo(2);
    assertThat(ScanReports.markdown(List.of(r), ScanPolicy.DEFAULT, "0.68.2")).contains("PASSED");

    ImageScanResult low =
        scanApp(
            config()
                .ignoreFiles(List.of(f))
                .policy(new ScanPolicy(EnumSet.of(VulnSeverity.LOW), true))
                .build());
    assertThat(low.verdict())
        .as("LOW is seen and fails when configured")
        .isEqualTo(ScanVerdict.FAILED);
    assertThat(low.blockingSample()).singleElement().asString().startsWith(LOW + " LOW zlib1g");
  }

  @Test
  void expiredEntry_failsAgain_andIsWarnedAbout() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Path f = ignoreFile(".trivyignore", HIGH + " exp:" + today.minusDays(1) + "\n");
    ScanOutcome o =
        new DockerScanner(RUNNER)
            .scan(config().ignoreFiles(List.of(f)).build(), List.of(target("app", APP)), log());
    ImageScanResult r = o.results().get(0);
    assertSarifPresent(r);
    assertThat(r.verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(r.ignored()).isZero();
    assertThat(o.warnings())
        .anyMatch(w -> w.contains(HIGH) && w.contains("expired on " + today.minusDays(1)))
        .anyMatch(w -> w.contains("matched 2 finding(s) that now count again"));
  }

  @Test
  void entryExpiringSoon_andEntryMatchingNothing_areWarned() throws Exception {
    LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(7);
    Path f =
        ignoreFile(
            ".trivyignore.yaml",
            "vulnerabilities:\n"
                + "  - id: "
                + HIGH
                + "\n"
                + "    statement: fixed by the next base image\n"
                + "    expired_at: "
                + soon
                + "\n"
                + "  - id: CVE-2099-99999\n"
                + "    statement: stale\n");
    ScanOutcome o =
        new DockerScanner(RUNNER)
            .scan(config().ignoreFiles(List.of(f)).build(), List.of(target("app", APP)), log());
    assertThat(o.results().get(0).verdict()).isEqualTo(ScanVerdict.PASSED);
    assertThat(o.warnings())
        .anyMatch(
            w -> w.contains(HIGH) && w.contains("expires on " + soon) && w.contains("in 7 days"))
        .anyMatch(w -> w.contains("CVE-2099-99999") && w.contains("matched no vulnerability"));
  }

  @Test
  void unfixedCritical_passesWithFixableOnly_failsWithout() throws Exception {
    Path f = ignoreFile(".trivyignore", HIGH + "\n");
    ImageScanResult fixableOnly = scanApp(config().ignoreFiles(List.of(f)).build());
    assertThat(fixableOnly.verdict()).isEqualTo(ScanVerdict.PASSED);
    assertThat(fixableOnly.count(VulnSeverity.CRITICAL)).isEqualTo(2);

    ImageScanResult all =
        scanApp(
            config()
                .ignoreFiles(List.of(f))
                .policy(new ScanPolicy(EnumSet.of(VulnSeverity.CRITICAL, VulnSeverity.HIGH), false))
                .build());
    assertThat(all.verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(all.blocking()).isEqualTo(2);
    assertThat(all.blockingSample())
        .allMatch(
            s -> s.startsWith(CRITICAL_UNFIXED + " CRITICAL redis-") && s.endsWith("(no fix)"));
  }

  @Test
  void severalImagesConcurrently_perImageIgnoreFiles() throws Exception {
    Path appOnly = ignoreFile("app.trivyignore", HIGH + "\n");
    ScanConfig c =
        config()
            .parallelism(2)
            .imageIgnoreFiles(Map.of("app", List.of(Path.of("app.trivyignore"))))
            .policy(new ScanPolicy(EnumSet.of(VulnSeverity.CRITICAL, VulnSeverity.HIGH), false))
            .build();
    assertThat(appOnly).exists();
    ScanOutcome o =
        new DockerScanner(RUNNER)
            .scan(
                c,
                List.of(
                    target("app", APP),
                    target("noredis", NOREDIS),
                    new ImageTarget(
                        "broken", "x", List.of(), null, null, 0, 0, "FAILED", false, "RUN failed")),
                log());
    assertThat(o.results())
        .extracting(x -> x.target().name())
        .containsExactly("app", "noredis", "broken");
    ImageScanResult app = o.results().get(0);
    ImageScanResult noredis = o.results().get(1);
    // app: HIGH ignored by its own file, unfixed CRITICAL blocks (fixableOnly=false)
    assertThat(app.verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(app.ignored()).isEqualTo(2);
    // noredis: redis purged, so no CRITICAL; its HIGH is not ignored (the file is app's only)
    assertThat(noredis.count(VulnSeverity.CRITICAL)).isZero();
    assertThat(noredis.verdict()).isEqualTo(ScanVerdict.FAILED);
    assertThat(noredis.ignored()).isZero();
    assertThat(noredis.blockingSample()).allMatch(s -> s.startsWith(HIGH));
    assertSarifPresent(app);
    assertSarifPresent(noredis);
    assertThat(o.results().get(2).verdict()).isEqualTo(ScanVerdict.NOT_SCANNED);
    assertThat(ScanReports.markdown(o.results(), c.policy(), "0.68.2"))
        .contains("NOT SCANNED: build FAILED: RUN failed");
  }

  @Test
  void missingBinary_failsClosed_withSarif() {
    ImageScanResult r = scanApp(config().trivyPath(project.resolve("no/such/trivy")).build());
    assertError(r, "Trivy not found: the configured trivyPath");

    Map<String, String> noPath = new HashMap<>(env);
    noPath.put("PATH", project.toString());
    ImageScanResult r2 = scanApp(config().trivyPath(null).env(noPath).build());
    assertError(r2, "Trivy not found: no trivy on PATH");
  }

  @Test
  void wrongVersion_failsClosed_withSarif() {
    ImageScanResult r = scanApp(config().trivyVersion("0.67.0").build());
    assertError(r, "Wrong Trivy version: found 0.68.2");
    assertThat(r.error()).contains("but 0.67.0 is pinned");
  }

  @Test
  void corruptDatabase_failsClosed_withSarif() throws Exception {
    Path bad = project.resolve("bad-cache");
    Files.createDirectories(bad.resolve("db"));
    Files.copy(cache.resolve("db/metadata.json"), bad.resolve("db/metadata.json"));
    byte[] junk = new byte[65536];
    new java.util.Random(42).nextBytes(junk);
    Files.write(bad.resolve("db/trivy.db"), junk);
    ImageScanResult r = scanApp(config().cacheDir(bad).build());
    assertError(
        r,
        "Trivy's vulnerability database "
            + bad.resolve("db/trivy.db")
            + " is damaged (no valid bbolt meta page)");
  }

  /** Real Trivy read these copies as fewer advisories (the gate passed) or panicked. */
  @Test
  void truncatedDatabase_failsClosed_withSarif() throws Exception {
    long size = Files.size(cache.resolve("db/trivy.db"));
    for (long cut : new long[] {size / 2, 8192, 12288}) { // PASSED, SIGBUS, bbolt panic
      Path bad = project.resolve("truncated-" + cut);
      Files.createDirectories(bad.resolve("db"));
      Files.copy(cache.resolve("db/metadata.json"), bad.resolve("db/metadata.json"));
      Files.write(
          bad.resolve("db/trivy.db"),
          java.util.Arrays.copyOf(Files.readAllBytes(cache.resolve("db/trivy.db")), (int) cut));
      ImageScanResult r = scanApp(config().cacheDir(bad).build());
      assertError(
          r,
          "Trivy's vulnerability database "
              + bad.resolve("db/trivy.db")
              + " is damaged (the file is truncated: "
              + cut
              + " bytes");
    }
  }

  @Test
  void noDatabase_failsClosed_withSarif() throws Exception {
    Path empty = Files.createDirectories(project.resolve("empty-cache"));
    ImageScanResult r = scanApp(config().cacheDir(empty).build());
    assertError(r, "No Trivy vulnerability database in " + empty.resolve("db"));
  }

  @Test
  void databaseDownloadImpossible_failsClosed_withSarif() throws Exception {
    // only 127.0.0.1 is contacted: a closed local port stands for an unreachable DB registry
    Path empty = Files.createDirectories(project.resolve("dl-cache"));
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ImageScanResult r =
        scanApp(
            config()
                .cacheDir(empty)
                .skipDbUpdate(false)
                .dbRepository("127.0.0.1:" + closedPort + "/buildgate/no-trivy-db:2")
                .build());
    assertError(r, "Trivy could not download its vulnerability database into " + empty);
    assertThat(r.error())
        .contains("127.0.0.1:" + closedPort)
        .contains("connection refused")
        .contains("<dbRepository>");
  }

  @Test
  void noReachableDaemon_saysSoNamingDockerHost_notImageNotFound() throws Exception {
    Map<String, String> noDaemon = new HashMap<>(env);
    String host = "unix://" + project.resolve("no-daemon.sock");
    noDaemon.put("DOCKER_HOST", host);
    ScanOutcome o =
        new DockerScanner(new LocalProcessRunner(noDaemon))
            .scan(config().env(noDaemon).build(), List.of(target("app", APP)), log());
    ImageScanResult r = o.results().get(0);
    assertError(r, "Trivy could not reach the Docker daemon to read app (" + APP + ") at " + host);
    assertThat(r.error())
        .contains("(DOCKER_HOST)")
        .contains("start Docker or point DOCKER_HOST at a running daemon")
        .doesNotContain("not found for")
        .doesNotContain("\n");
  }

  @Test
  void timeout_failsClosed_withSarif() {
    ImageScanResult r = scanApp(config().timeout(Duration.ofMillis(1)).build());
    assertError(r, "Trivy timed out after 1ms scanning app (" + APP + ")");
  }

  @Test
  void imageNotInDaemon_failsClosed() {
    ScanOutcome o =
        new DockerScanner(RUNNER)
            .scan(
                config().build(),
                List.of(target("ghost", "buildgate-scan-test/ghost:" + TAG)),
                log());
    assertError(o.results().get(0), "Image buildgate-scan-test/ghost:" + TAG + " not found");
  }

  static void assertError(ImageScanResult r, String messageStart) {
    assertThat(r.verdict()).isEqualTo(ScanVerdict.ERROR);
    assertThat(r.error()).startsWith(messageStart).doesNotContain("\n");
    JsonNode run = assertSarifPresent(r).path("runs").get(0);
    assertThat(run.has("results")).as("no results: not computed").isFalse();
    assertThat(run.path("invocations").get(0).path("executionSuccessful").asBoolean(true))
        .isFalse();
    assertThat(
            run.path("invocations")
                .get(0)
                .path("toolExecutionNotifications")
                .get(0)
                .path("message")
                .path("text")
                .asText())
        .isEqualTo(r.error());
  }
}
