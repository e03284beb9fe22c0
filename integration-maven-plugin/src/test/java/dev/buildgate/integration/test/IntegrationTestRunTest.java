package dev.buildgate.integration.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.net.ProxySettings;
import dev.buildgate.core.testing.RecordingLog;
import dev.buildgate.integration.stack.StackState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real processes through core's LocalProcessRunner. */
class IntegrationTestRunTest {
  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();
  private final List<String> lines = log.lines;

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
  void theCommandGetsTheProxyAndOfflineVariablesWithThePasswordMasked() throws Exception {
    ProxySettings proxy = new ProxySettings("127.0.0.1", 3128, "ci", "proxy-pw", List.of("*.corp"));
    TestResult r =
        new IntegrationTestRun(new LocalProcessRunner(), log, new Network(true, proxy, proxy))
            .run(
                spec(
                    "echo \"$HTTPS_PROXY|$http_proxy|$NO_PROXY|$UV_OFFLINE|$APP\"",
                    Duration.ofSeconds(30),
                    Map.of("APP", "mine", "NO_PROXY", "configured.wins")),
                STATE,
                dir.resolve("logs"));
    assertThat(r.passed()).isTrue();
    assertThat(lines)
        .contains(
            "[test] http://ci:****@127.0.0.1:3128|http://ci:****@127.0.0.1:3128"
                + "|configured.wins|1|mine");
    assertThat(String.join("\n", lines)).doesNotContain("proxy-pw");
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

  @Test
  void junitCounts_fromTestsuiteTags_skippingCommentsCdataAndOtherTags() {
    int[] sum = new int[4];
    String xml =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<!-- <testsuite tests=\"100\"/> -->\n"
            + "<testsuites name=\"pytest tests\">\n"
            + "<testsuite name=\"a > b\" errors=\"1\" failures='2' skipped=\"3\" tests=\"72\""
            + " time=\"5.2\">\n"
            + "<testcase name=\"x\"><system-out><![CDATA[<testsuite tests=\"9\">]]></system-out>"
            + "</testcase>\n"
            + "<testsuite tests=\"4.0\" skips=\"1\"/>\n"
            + "</testsuite><testsuitex tests=\"50\"/></testsuites>\n";
    assertThat(IntegrationTestRun.scanJUnit(xml, sum)).isTrue();
    assertThat(sum).containsExactly(76, 2, 1, 4);
    assertThat(IntegrationTestRun.scanJUnit("<coverage line-rate=\"1\"/>", new int[4])).isFalse();
    assertThat(IntegrationTestRun.scanJUnit("<testsuite tests=\"x\"", new int[4])).isTrue();
  }

  @Test
  void resultFile_roundTrip_andUnknownFieldsIgnored() throws Exception {
    TestResult r =
        new TestResult(
            List.of("pytest", "-k", "a \"b\""),
            1,
            false,
            null,
            1234,
            List.of("/r/pytest.xml"),
            new TestResult.JUnitCounts(5, 1, 0, 2),
            "bg-app-1",
            "/logs");
    Path f = dir.resolve("result.json");
    r.write(f);
    assertThat(TestResult.read(f)).isEqualTo(r);
    assertThat(Files.readString(f)).contains("\"exitCode\" : 1").contains("\"error\" : null");
    TestResult none =
        new TestResult(List.of(), -1, true, "boom", 0, List.of(), null, null, "/logs");
    none.write(f);
    assertThat(TestResult.read(f)).isEqualTo(none);
    Files.writeString(
        f,
        "{\"extra\":{\"a\":[1,2]},\"command\":[\"x\"],\"exitCode\":0,\"timedOut\":false,"
            + "\"durationMillis\":10,\"reports\":[],\"tests\":null,\"logsDir\":\"/l\"}");
    assertThat(TestResult.read(f).passed()).isTrue();
    assertThat(TestResult.read(f).command()).containsExactly("x");
  }
}
