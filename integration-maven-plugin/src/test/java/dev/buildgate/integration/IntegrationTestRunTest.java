package dev.buildgate.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.exec.LocalProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes through core's LocalProcessRunner. */
class IntegrationTestRunTest {
  @TempDir Path dir;
  private final List<String> lines = new ArrayList<>();
  private final IntegrationLog log =
      new IntegrationLog() {
        @Override
        public synchronized void info(String line) {
          lines.add(line);
        }

        @Override
        public synchronized void warn(String line) {
          lines.add("WARN " + line);
        }
      };

  private static final StackState STATE =
      new StackState(
          "bg-app-1",
          "g:a",
          "777",
          "/src",
          List.of(),
          List.of("web"),
          Map.of(
              "integration.project", "bg-app-1",
              "integration.runId", "777",
              "integration.web.8443", "127.0.0.1:49153"),
          0,
          "h/1");

  private TestSpec spec(String script, Duration timeout, Map<String, String> env) {
    return new TestSpec(
        List.of("sh", "-c", script),
        dir,
        env,
        List.of("hunter2"),
        timeout,
        List.of("reports/*.xml", "coverage.xml"),
        dir,
        2,
        Map.of("DATABASE_NAME", "test_{runId}_{worker}"));
  }

  @Test
  void recordsExitCodeReportsAndCounts() throws Exception {
    String script =
        "mkdir -p reports; "
            + "echo \"url=$BACKEND_BASE_URL prefix=$SCHEMA_SUBJECT_PREFIX db0=$DATABASE_NAME_0"
            + " db1=$DATABASE_NAME_1 w=$INTEGRATION_WORKERS e=$INTEGRATION_WEB_8443 pw=$PW\"; "
            + "printf '<testsuites><testsuite tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"2\"/>"
            + "</testsuites>' > reports/junit.xml; echo '<coverage/>' > coverage.xml; exit 1";
    TestResult r =
        new IntegrationTestRun(new LocalProcessRunner(), log)
            .run(
                spec(
                    script,
                    Duration.ofSeconds(30),
                    Map.of(
                        "BACKEND_BASE_URL", "https://${integration.web.8443}",
                        "SCHEMA_SUBJECT_PREFIX", "ci.{runId}.",
                        "PW", "hunter2")),
                STATE,
                dir.resolve("logs"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.passed()).isFalse();
    assertThat(r.tests()).isEqualTo(new TestResult.JUnitCounts(5, 1, 1, 2));
    assertThat(r.reports())
        .containsExactly(
            dir.resolve("coverage.xml").toString(), dir.resolve("reports/junit.xml").toString());
    assertThat(r.project()).isEqualTo("bg-app-1");
    assertThat(lines)
        .anyMatch(
            l ->
                l.equals(
                    "[test] url=https://127.0.0.1:49153 prefix=ci.777. db0=test_777_0"
                        + " db1=test_777_1 w=2 e=127.0.0.1:49153 pw=****"));
    assertThat(String.join("\n", lines)).doesNotContain("hunter2");
    assertThat(r.summary())
        .startsWith("exit 1 after ")
        .endsWith("5 tests, 1 failures, 1 errors, 2 skipped");

    Path json = dir.resolve("result.json");
    r.write(json);
    assertThat(TestResult.read(json)).isEqualTo(r);
  }

  @Test
  void timeoutKillsTheTreeAndIsRecorded() {
    TestResult r =
        new IntegrationTestRun(new LocalProcessRunner(), log)
            .run(spec("sleep 60 & sleep 60; wait", Duration.ofMillis(500), Map.of()), STATE, dir);
    assertThat(r.timedOut()).isTrue();
    assertThat(r.passed()).isFalse();
    assertThat(r.summary()).startsWith("timed out after");
  }

  @Test
  void missingStackPlaceholderIsRecordedNotThrown() {
    TestResult r =
        new IntegrationTestRun(new LocalProcessRunner(), log)
            .run(
                spec("true", Duration.ofSeconds(5), Map.of("U", "http://${integration.api.80}")),
                STATE,
                dir);
    assertThat(r.error()).contains("${integration.api.80}").contains("does not publish");
    assertThat(r.passed()).isFalse();
  }

  @Test
  void missingExecutableIsRecorded() throws Exception {
    TestSpec s =
        new TestSpec(
            List.of("no-such-tool-xyz"),
            dir,
            Map.of(),
            List.of(),
            Duration.ofSeconds(5),
            List.of(),
            dir,
            0,
            Map.of());
    TestResult r = new IntegrationTestRun(new LocalProcessRunner(), log).run(s, null, dir);
    assertThat(r.error()).contains("no-such-tool-xyz");
    assertThat(Files.exists(dir)).isTrue();
  }
}
