package dev.buildgate.integration.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.integration.compose.ServiceOverride;
import dev.buildgate.integration.stack.StackConfig;
import dev.buildgate.integration.wait.WaitSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The up-to-date decision of the integration stack: which inputs change it, that run-scoped values
 * and test outputs do not, and that only a passing run of the same build is ever recorded.
 */
class StackUpToDateTest {

  @TempDir Path project;
  Path out;
  Path state;
  Path tests;
  final Map<String, String> imageIds = new HashMap<>();
  final Map<String, String> env = new LinkedHashMap<>();
  List<String> command = List.of("python3", "-m", "pytest", "tests");
  List<ServiceOverride> overrides = List.of();
  boolean build;
  final AtomicInteger builds = new AtomicInteger();

  @BeforeEach
  void projectWithStack() throws IOException {
    out = project.resolve("target/buildgate/integration");
    state = project.resolve("target/buildgate/state");
    tests = project.resolve("tests");
    Files.createDirectories(tests);
    Files.writeString(tests.resolve("test_api.py"), "def test_ok():\n    assert True\n");
    Files.writeString(
        project.resolve("docker-compose.yaml"),
        "services:\n"
            + "  web:\n"
            + "    image: acme/web:${TAG:-dev}\n"
            + "    ports: ['${WEB_PORT:-0}:8080']\n"
            + "  cache:\n"
            + "    image: redis:7\n");
    imageIds.put("acme/web:dev", "sha256:web1");
    imageIds.put("redis:7", "sha256:redis1");
    env.put("BASE_URL", "http://${integration.web.8080}");
    env.put("PREFIX", "ci.{runId}.");
  }

  StackConfig config() {
    return new StackConfig(
        out,
        List.of(project.resolve("docker-compose.yaml")),
        null,
        overrides,
        null,
        "it:app",
        null,
        build,
        null,
        null,
        List.of(WaitSpec.http("http://${integration.web.8080}/health", false, 200, 399, null)),
        null,
        null,
        null,
        null,
        40,
        false,
        true,
        "docker",
        Map.of("WEB_PORT", "0"));
  }

  StackUpToDate.Inputs inputs() {
    TestSpec t =
        new TestSpec(
            command,
            project,
            env,
            List.of(),
            Duration.ofMinutes(5),
            List.of("target/pytest.xml"),
            project,
            2,
            Map.of());
    return new StackUpToDate.Inputs(config(), t, List.of(), List.of());
  }

  /** A new Maven build (its own id). */
  StackUpToDate newBuild() {
    return new StackUpToDate(out, state, "build-" + builds.incrementAndGet());
  }

  StackUpToDate.Decision decide(StackUpToDate b) {
    return b.decide(inputs(), ref -> Optional.ofNullable(imageIds.get(ref)), true);
  }

  /** What integration:test writes; the JUnit report is one of the recorded reports. */
  TestResult testRun(int exit) throws IOException {
    Path junit = project.resolve("target/pytest.xml");
    Files.createDirectories(junit.getParent());
    Files.writeString(junit, "<testsuite tests='1'/>");
    TestResult r =
        new TestResult(
            command,
            exit,
            false,
            null,
            1200,
            List.of(junit.toString()),
            new TestResult.JUnitCounts(1, exit == 0 ? 0 : 1, 0, 0),
            "bg-app-1234abcd",
            out.resolve("logs").toString());
    r.write(out.resolve("result.json"));
    return r;
  }

  /** A whole build: up decides; when it runs, test writes the result and verify records it. */
  StackUpToDate.Decision buildWith(int exit) throws IOException {
    StackUpToDate b = newBuild();
    StackUpToDate.Decision d = decide(b);
    assertThat(b.skipped()).isEqualTo(d.upToDate());
    if (!d.upToDate()) {
      b.recordResult(testRun(exit), out.resolve("result.json"));
    }
    return d;
  }

  @Test
  void passingRun_makesTheNextBuildUpToDate_withItsResult() throws Exception {
    StackUpToDate.Decision first = buildWith(0);
    assertThat(first.upToDate()).isFalse();
    assertThat(first.reason()).isEqualTo("no passing run recorded");

    StackUpToDate b = newBuild();
    StackUpToDate.Decision second = decide(b);
    assertThat(second.upToDate()).as(second.reason()).isTrue();
    assertThat(second.lastResult().summary()).startsWith("exit 0 after 1.2 s; 1 tests");
    assertThat(b.skipped()).as("test and down of the same build follow up").isTrue();
    assertThat(newBuild().skipped()).as("another build never follows this decision").isFalse();
    assertThat(b.recordResult(second.lastResult(), out.resolve("result.json"))).isFalse();
  }

  @Test
  void failedRun_isNeverRecorded_andAPassedOneIsForgottenOnFailure() throws Exception {
    assertThat(buildWith(1).upToDate()).isFalse();
    assertThat(buildWith(1).upToDate()).as("a failure runs again").isFalse();
    assertThat(buildWith(0).upToDate()).isFalse();
    assertThat(buildWith(0).upToDate()).isTrue();

    // inputs change, the run fails, inputs change back: the old pass is not reused
    Files.writeString(tests.resolve("test_api.py"), "def test_ok():\n    assert False\n");
    assertThat(buildWith(1).upToDate()).isFalse();
    Files.writeString(tests.resolve("test_api.py"), "def test_ok():\n    assert True\n");
    assertThat(buildWith(0).upToDate()).isFalse();
    assertThat(buildWith(0).upToDate()).isTrue();
  }

  @Test
  void secretsInTheTestEnvironmentAndDotEnvNeverReachTheStateFiles() throws Exception {
    String password = "registry-pass-from-settings";
    env.put("REGISTRY_PASSWORD", password);
    Files.writeString(project.resolve(".env"), "API_TOKEN=dotenv-token-1234\n");
    overrides =
        List.of(ServiceOverride.builder("web").env("DB_PASSWORD", "override-pw-5678").build());
    buildWith(0);
    assertThat(buildWith(0).upToDate()).isTrue();
    try (java.util.stream.Stream<Path> all = Files.walk(project.resolve("target"))) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f))
            .as(f.toString())
            .doesNotContain(password)
            .doesNotContain("dotenv-token-1234");
      }
    }
    // an override's environment value is nowhere on disk: not in the state, the render cache or
    // the compose file (compose gets it in its environment)
    for (Path dir : List.of(state, project.resolve("target"))) {
      try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
        for (Path f : all.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(f)).as(f.toString()).doesNotContain("override-pw-5678");
        }
      }
    }
    env.put("REGISTRY_PASSWORD", "rotated");
    assertThat(buildWith(0).reason()).contains("test-environment:REGISTRY_PASSWORD");
    buildWith(0);
    overrides = List.of(ServiceOverride.builder("web").env("DB_PASSWORD", "rotated-pw").build());
    assertThat(buildWith(0).reason()).contains("compose-variable:BUILDGATE_ENV_1_DB_PASSWORD");
  }

  @Test
  void eachInput_changesTheDecision() throws Exception {
    buildWith(0);
    assertThat(buildWith(0).upToDate()).isTrue();

    imageIds.put("acme/web:dev", "sha256:web2"); // image rebuilt under the same tag
    assertThat(buildWith(0).reason()).contains("images");
    assertThat(buildWith(0).upToDate()).isTrue();

    imageIds.remove("redis:7"); // no longer local
    assertThat(buildWith(0).upToDate()).isFalse();
    imageIds.put("redis:7", "sha256:redis1");
    buildWith(0);

    Files.writeString(tests.resolve("test_new.py"), "def test_more():\n    pass\n");
    assertThat(buildWith(0).reason()).contains("added").contains("test_new.py");

    env.put("PREFIX", "ci.{runId}.v2.");
    assertThat(buildWith(0).reason()).contains("test-environment");

    command = List.of("python3", "-m", "pytest", "tests", "-x");
    assertThat(buildWith(0).reason()).contains("test-command");

    overrides = List.of(ServiceOverride.builder("cache").drop().build());
    assertThat(buildWith(0).reason()).contains("compose-file");

    Files.writeString(
        project.resolve("docker-compose.yaml"),
        Files.readString(project.resolve("docker-compose.yaml")).replace("redis:7", "redis:7.2"));
    imageIds.put("redis:7.2", "sha256:redis2");
    assertThat(buildWith(0).upToDate()).isFalse();
    assertThat(buildWith(0).upToDate()).isTrue();
  }

  @Test
  void testOutputs_andRunScopedValues_doNotChangeTheDecision() throws Exception {
    buildWith(0);
    // coverage data, bytecode, caches and target/ are written by every run
    Files.writeString(project.resolve(".coverage"), "run 2");
    Files.createDirectories(tests.resolve("__pycache__"));
    Files.writeString(tests.resolve("__pycache__/test_api.cpython-311.pyc"), "bytecode");
    Files.createDirectories(project.resolve(".pytest_cache"));
    Files.writeString(project.resolve(".pytest_cache/v"), "x");
    Files.writeString(project.resolve("target/other.txt"), "x");
    // a touched but unchanged test file
    Files.setLastModifiedTime(
        tests.resolve("test_api.py"), FileTime.from(Instant.now().plusSeconds(60)));
    StackUpToDate.Decision d = buildWith(0);
    assertThat(d.upToDate()).as(d.reason()).isTrue();
  }

  @Test
  void resultOfAnEarlierBuild_orMissingReports_isNotReused() throws Exception {
    buildWith(0);
    // a build whose inputs changed but whose test did not run (buildgate.integration.test.skip)
    Files.writeString(tests.resolve("test_api.py"), "def test_ok():\n    assert 1\n");
    Path result = out.resolve("result.json");
    Files.setLastModifiedTime(result, FileTime.from(Instant.now().minusSeconds(60)));
    StackUpToDate b = newBuild();
    assertThat(decide(b).upToDate()).isFalse();
    Files.setLastModifiedTime(result, FileTime.from(Instant.now().minusSeconds(60)));
    assertThat(b.recordResult(TestResult.read(result), result)).isFalse();
    assertThat(buildWith(0).upToDate()).as("nothing was recorded").isFalse();

    assertThat(buildWith(0).upToDate()).isTrue();
    Files.delete(project.resolve("target/pytest.xml"));
    assertThat(buildWith(0).reason()).contains("reports are missing");
  }

  @Test
  void checkOff_noCommand_orComposeBuild_alwaysRun() throws Exception {
    buildWith(0);
    StackUpToDate b = newBuild();
    StackUpToDate.Decision off =
        b.decide(inputs(), ref -> Optional.ofNullable(imageIds.get(ref)), false);
    assertThat(off.upToDate()).isFalse();
    assertThat(off.reason()).isEqualTo("buildgate.integration.upToDateCheck=false");
    assertThat(b.skipped()).isFalse();
    b.recordResult(testRun(0), out.resolve("result.json"));

    command = List.of();
    assertThat(buildWith(0).reason()).startsWith("no <command>");
    command = List.of("pytest");
    buildWith(0);

    Files.writeString(
        project.resolve("docker-compose.yaml"),
        "services:\n  web:\n    build: ./web\n    image: acme/web:dev\n");
    build = true;
    assertThat(buildWith(0).reason()).contains("built by compose");
    assertThat(buildWith(0).upToDate()).isFalse();
  }

  @Test
  void interpolation_ofImageNames() {
    Map<String, String> vars = new HashMap<>();
    vars.put("TAG", "1.2");
    vars.put("EMPTY", "");
    assertThat(StackUpToDate.interpolate("a/b:${TAG}", vars)).isEqualTo("a/b:1.2");
    assertThat(StackUpToDate.interpolate("a/b:$TAG", vars)).isEqualTo("a/b:1.2");
    assertThat(StackUpToDate.interpolate("a/b:${NONE:-dev}", vars)).isEqualTo("a/b:dev");
    assertThat(StackUpToDate.interpolate("a/b:${EMPTY:-dev}", vars)).isEqualTo("a/b:dev");
    assertThat(StackUpToDate.interpolate("a/b:${EMPTY-dev}", vars)).isEqualTo("a/b:");
  }
}
