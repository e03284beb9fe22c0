package dev.buildgate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.finding.Baseline;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.quality.run.AnalyzerRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's exit-code interpretation, gate and up-to-date logic, with the real captured outputs
 * of the pinned tools replayed by a scripted {@link ProcessRunner} (the tools themselves run in the
 * src/it projects).
 */
class QualityRunnerTest {

  @TempDir Path dir;
  Path project;
  Path bin;
  Scripted processes;

  @BeforeEach
  void setUp() throws IOException {
    project = dir.resolve("project");
    Files.createDirectories(project.resolve("backend/app"));
    Files.writeString(project.resolve("backend/app/main.py"), "x = 1\n");
    bin = dir.resolve("bin");
    Files.createDirectories(bin);
    for (String tool : List.of("ruff", "mypy", "bandit")) {
      Path exe = bin.resolve(tool);
      Files.writeString(exe, "#!/bin/sh\n");
      Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    processes = new Scripted();
  }

  /** Replays tool runs: version calls print a version, analysis calls write a captured output. */
  static final class Scripted implements ProcessRunner {
    final Map<String, String> versions =
        new java.util.HashMap<>(
            Map.of(
                "ruff",
                "ruff 0.17.6",
                "mypy",
                "mypy 2.4.1 (compiled: yes)",
                "bandit",
                "bandit 1.9.4"));
    String output;
    int exitCode;
    String stderr = "";
    ExecException failure;
    final List<List<String>> analysisCalls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ProcessResult run(ProcessSpec spec, LineSink sink) throws ExecException {
      List<String> argv = spec.argv();
      String tool = Path.of(argv.get(0)).getFileName().toString();
      if (tool.equals("docker")) {
        tool = "ruff"; // the test image's entrypoint
      }
      if (argv.contains("--version")) {
        return new ProcessResult(argv, 0, versions.get(tool) + "\n", "", false, Duration.ZERO);
      }
      analysisCalls.add(argv);
      if (failure != null) {
        throw failure;
      }
      Path report = spec.stdoutFile();
      int i = argv.indexOf("--output-file");
      if (i < 0) {
        i = argv.indexOf("-o");
      }
      if (i >= 0) {
        report = Path.of(argv.get(i + 1));
      }
      try {
        if (output != null) {
          Files.writeString(report, output);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ProcessResult(argv, exitCode, "", stderr, false, Duration.ofMillis(5));
    }
  }

  static String resource(String name) {
    try (InputStream in = QualityRunnerTest.class.getResourceAsStream("/tool-output/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Captured outputs name files under /tmp/qsample/backend: point them at this project. */
  String captured(String name) {
    return resource(name).replace("/tmp/qsample/backend", project.resolve("backend").toString());
  }

  QualityRunner runner() {
    return runner(processes, dev.buildgate.core.net.Network.DIRECT);
  }

  QualityRunner runner(ProcessRunner runner, dev.buildgate.core.net.Network network) {
    Path target = project.resolve("target");
    return new QualityRunner(
        runner,
        Map.of("PATH", bin.toString()),
        new QualityRunner.Settings(
            target.resolve("buildgate/quality"),
            target.resolve("buildgate"),
            project.resolve(".buildgate/quality-baseline.json"),
            "test",
            true,
            50),
        GateLog.NONE,
        network);
  }

  @Test
  void offlineAndTheProxyReachEveryToolUnderItsOwnEnvironment() throws Exception {
    processes.output = captured("ruff-0.17.6.json");
    processes.exitCode = 1;
    List<ProcessSpec> specs = Collections.synchronizedList(new ArrayList<>());
    ProcessRunner recording =
        (spec, sink) -> {
          specs.add(spec);
          return processes.run(spec, sink);
        };
    dev.buildgate.core.net.ProxySettings p =
        new dev.buildgate.core.net.ProxySettings("proxy.corp", 3128, "ci", "pw", List.of());

    runner(recording, new dev.buildgate.core.net.Network(true, p, p))
        .run(
            List.of(config(AnalyzerKind.RUFF).env(Map.of("HTTP_PROXY", "mine")).build()),
            false,
            true);

    assertThat(specs)
        .hasSize(2) // version, analysis
        .allSatisfy(
            s -> {
              assertThat(s.env())
                  .containsEntry("UV_OFFLINE", "1")
                  .containsEntry("HTTP_PROXY", "mine")
                  .containsEntry("https_proxy", "http://ci:pw@proxy.corp:3128")
                  .containsEntry("NO_PROXY", "127.0.0.1,localhost,::1");
              assertThat(s.secrets()).contains("pw");
            });
  }

  AnalyzerConfig.Builder config(AnalyzerKind kind) {
    return AnalyzerConfig.builder(kind, project).workingDir(Path.of("backend"));
  }

  AnalyzerResult runOne(AnalyzerConfig c) throws QualityException {
    return runner().run(List.of(c), false, true).get(0);
  }

  @Test
  void ruffFindingsFailTheGateAndAreReported() throws Exception {
    processes.output = captured("ruff-0.17.6.json");
    processes.exitCode = 1;

    AnalyzerResult r = runOne(config(AnalyzerKind.RUFF).build());

    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.FAILED);
    assertThat(r.version()).isEqualTo("0.17.6");
    assertThat(r.gating()).hasSize(7);
    assertThat(r.newFindings()).hasSize(7);
    assertThat(r.summaryLine()).isEqualTo("ruff: 7 findings (7 new), FAILED");
    assertThat(r.findings().get(0).file()).isEqualTo("backend/app/main.py");
    assertThat(project.resolve("target/buildgate/quality/ruff.sarif")).isRegularFile();
    assertThat(project.resolve("target/buildgate/quality/ruff.json")).isRegularFile();
    assertThat(Files.readString(project.resolve("target/buildgate/summary.md")))
        .contains("Lint (ruff)")
        .contains("ruff: 7 findings (7 new), FAILED");
    assertThatThrownBy(() -> QualityRunner.verdict(List.of(r)))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("ruff: 7 findings (7 new), FAILED");
  }

  @Test
  void anUnreadableBaselineFailsTheRunOfSeveralAnalyzersWithItsOwnMessage() throws Exception {
    // the baseline is read while the analyzers run: its error must still end the run as before
    Files.createDirectories(project.resolve(".buildgate"));
    Files.writeString(project.resolve(".buildgate/quality-baseline.json"), "{ not json");
    processes.output = captured("ruff-0.17.6.json");
    processes.exitCode = 1;
    assertThatThrownBy(
            () ->
                runner()
                    .run(
                        List.of(
                            config(AnalyzerKind.RUFF).build(), config(AnalyzerKind.RUFF).build()),
                        true,
                        true))
        .isInstanceOf(QualityException.class)
        .hasMessageContaining("quality-baseline.json");
  }

  @Test
  void aCrashIsCouldNotRunWithTheStderrTail() throws Exception {
    processes.output = "";
    processes.exitCode = 2;
    processes.stderr = "ruff failed\n  Cause: Unknown rule selector `NOPE`\n";

    AnalyzerResult r = runOne(config(AnalyzerKind.RUFF).build());

    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error())
        .startsWith(
            "ruff could not run: exit code 2 (ruff exits 0 (clean), 1 (findings), 2 (error))")
        .endsWith("ruff failed\n  Cause: Unknown rule selector `NOPE`");
    assertThatThrownBy(() -> QualityRunner.verdict(List.of(r)))
        .isInstanceOf(QualityException.class);
  }

  @Test
  void exitCodeOneWithoutFindingsIsNeverAPass() throws Exception {
    processes.output = "[]";
    processes.exitCode = 1;
    AnalyzerResult r = runOne(config(AnalyzerKind.RUFF).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error()).contains("exited with 1 (findings) but reported none");
  }

  @Test
  void unparseableOutputIsCouldNotRun() throws Exception {
    processes.output = "Traceback (most recent call last):\n";
    processes.exitCode = 0;
    processes.stderr = "KeyError: 'x'";
    AnalyzerResult r = runOne(config(AnalyzerKind.BANDIT).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error())
        .contains("bandit exited with 0 but its output cannot be read")
        .endsWith("KeyError: 'x'");
  }

  @Test
  void aMissingReportIsCouldNotRun() throws Exception {
    processes.output = null;
    processes.exitCode = 0;
    AnalyzerResult r = runOne(config(AnalyzerKind.RUFF).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error()).contains("ruff wrote no report");
  }

  @Test
  void timeoutIsCouldNotRunWithAFix() throws Exception {
    processes.failure =
        new ProcessTimeoutException(
            List.of("mypy", "."),
            Duration.ofSeconds(1),
            new ProcessResult(List.of("mypy"), -1, "", "", false, Duration.ofSeconds(1)));
    AnalyzerResult r = runOne(config(AnalyzerKind.MYPY).timeout(Duration.ofSeconds(1)).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error()).contains("raise <timeout> for mypy");
  }

  @Test
  void mypyJsonIsRequestedFromVersionOneElevenOnAndTextBefore() throws Exception {
    processes.output = captured("mypy-2.4.1.jsonl");
    processes.exitCode = 1;
    AnalyzerResult r = runOne(config(AnalyzerKind.MYPY).strict(true).build());
    assertThat(processes.analysisCalls.get(0)).contains("-O", "json", "--strict");
    assertThat(r.gating()).hasSize(5);

    // an older mypy replaces the executable: the cached version is keyed by path, size and mtime
    processes.versions.put("mypy", "mypy 1.10.1 (compiled: yes)");
    Files.writeString(bin.resolve("mypy"), "#!/bin/sh\n# mypy 1.10.1\n");
    processes.output = captured("mypy-2.4.1.txt");
    AnalyzerResult old = runOne(config(AnalyzerKind.MYPY).build());
    assertThat(processes.analysisCalls.get(1))
        .doesNotContain("-O")
        .contains("--show-column-numbers");
    assertThat(old.gating())
        .extracting(Finding::fingerprint)
        .containsExactlyElementsOf(r.gating().stream().map(Finding::fingerprint).toList());
  }

  @Test
  void mypyBlockingErrorsFailEvenWhenBaselined() throws Exception {
    processes.output = captured("mypy-2.4.1-syntax.jsonl").replace("bad.py", "app/main.py");
    processes.exitCode = 2;
    AnalyzerResult first = runOne(config(AnalyzerKind.MYPY).build());
    Baseline.write(project.resolve(".buildgate/quality-baseline.json"), first.findings());

    AnalyzerResult r = runOne(config(AnalyzerKind.MYPY).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.FAILED);
    assertThat(r.blocked()).isTrue();
    assertThat(r.summaryLine()).contains("stopped on blocking errors");
  }

  @Test
  void mypyExitTwoWithoutDiagnosticsIsACrash() throws Exception {
    processes.output = "";
    processes.exitCode = 2;
    processes.stderr = "mypy: error: Cannot find config file 'nope.toml'";
    AnalyzerResult r = runOne(config(AnalyzerKind.MYPY).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error()).contains("exit code 2").contains("Cannot find config file");
  }

  @Test
  void banditSeverityConfidenceAndExcludes() throws Exception {
    processes.output = captured("bandit-1.9.4.json");
    processes.exitCode = 1;

    AnalyzerResult all = runOne(config(AnalyzerKind.BANDIT).build());
    // default threshold MEDIUM: B602 HIGH, B324 HIGH, B108 MEDIUM
    assertThat(all.gating()).extracting(Finding::ruleId).containsExactly("B602", "B324", "B108");
    assertThat(all.findings()).hasSize(9);

    AnalyzerResult excluded =
        runOne(config(AnalyzerKind.BANDIT).excludes(List.of("tests/")).build());
    assertThat(excluded.findings()).hasSize(5).noneMatch(f -> f.file().contains("tests"));
    List<String> argv = processes.analysisCalls.get(1);
    assertThat(argv.get(argv.indexOf("-x") + 1)).startsWith("./tests,tests,./.venv,.venv,");

    AnalyzerResult confident =
        runOne(config(AnalyzerKind.BANDIT).minConfidence(Severity.HIGH).build());
    assertThat(confident.gating()).extracting(Finding::ruleId).containsExactly("B602", "B324");

    AnalyzerResult high = runOne(config(AnalyzerKind.BANDIT).threshold(Severity.HIGH).build());
    assertThat(high.gating()).extracting(Finding::ruleId).containsExactly("B602", "B324");
  }

  @Test
  void banditScanErrorsAreCouldNotRun() throws Exception {
    processes.output = captured("bandit-1.9.4-syntax-error.json");
    processes.exitCode = 0;
    AnalyzerResult r = runOne(config(AnalyzerKind.BANDIT).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error()).contains("bandit could not analyze 1 path(s)").contains("syntax error");
  }

  @Test
  void baselinePassesThenUpToDateSkipsTheToolAndAFailingRunIsNeverCached() throws Exception {
    processes.output = captured("ruff-0.17.6.json");
    processes.exitCode = 1;
    AnalyzerConfig c = config(AnalyzerKind.RUFF).build();

    AnalyzerResult failed = runOne(c);
    assertThat(failed.status()).isEqualTo(AnalyzerResult.Status.FAILED);
    runOne(c); // failing runs are not cached: the tool runs again
    assertThat(processes.analysisCalls).hasSize(2);

    runner().writeBaseline(List.of(c));
    assertThat(processes.analysisCalls).hasSize(3);
    AnalyzerResult passed = runOne(c);
    assertThat(passed.status()).isEqualTo(AnalyzerResult.Status.PASSED);
    assertThat(passed.summaryLine()).isEqualTo("ruff: 7 findings (0 new), PASSED");
    assertThat(processes.analysisCalls).hasSize(4);

    AnalyzerResult cached = runOne(c);
    assertThat(cached.status()).isEqualTo(AnalyzerResult.Status.UP_TO_DATE);
    assertThat(cached.gating()).hasSize(7);
    assertThat(processes.analysisCalls).hasSize(4);

    // an input changes: runs again
    Files.writeString(project.resolve("backend/app/main.py"), "x = 2\n");
    runOne(c);
    assertThat(processes.analysisCalls).hasSize(5);
    // the configuration changes: runs again
    runOne(config(AnalyzerKind.RUFF).args(List.of("--preview")).build());
    assertThat(processes.analysisCalls).hasSize(6);
  }

  @Test
  void maxFindingsRatchetsEvenBaselinedFindings() throws Exception {
    processes.output = captured("ruff-0.17.6.json");
    processes.exitCode = 1;
    runner().writeBaseline(List.of(config(AnalyzerKind.RUFF).build()));

    AnalyzerResult r = runOne(config(AnalyzerKind.RUFF).maxFindings(5).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.FAILED);
    assertThat(r.summaryLine())
        .isEqualTo("ruff: 7 findings (0 new), more than maxFindings 5, FAILED");
    assertThat(runOne(config(AnalyzerKind.RUFF).maxFindings(7).build()).status())
        .isEqualTo(AnalyzerResult.Status.PASSED);
  }

  @Test
  void aPinnedVersionThatIsNotFoundFails() throws Exception {
    AnalyzerResult r =
        runOne(
            config(AnalyzerKind.RUFF)
                .version("0.16.0")
                .runner(dev.buildgate.core.exec.ToolRunner.PATH)
                .build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.ERROR);
    assertThat(r.error())
        .startsWith("ruff 0.17.6 found (ruff from PATH")
        .endsWith(
            "but 0.16.0 is pinned: install ruff==0.16.0, set <runner>uvx</runner>, or change <version>");
    assertThat(processes.analysisCalls).isEmpty();
  }

  @Test
  void missingToolAndBadConfigAreOneLineErrors() throws Exception {
    AnalyzerResult missing =
        runOne(
            AnalyzerConfig.builder(AnalyzerKind.SARIF, project)
                .id("semgrep")
                .runner(dev.buildgate.core.exec.ToolRunner.PATH)
                .build());
    assertThat(missing.error()).startsWith("semgrep not found: put semgrep on PATH");

    AnalyzerResult wd = runOne(config(AnalyzerKind.RUFF).workingDir(Path.of("nope")).build());
    assertThat(wd.error()).contains("does not exist: fix <workingDirectory> of ruff");

    AnalyzerResult cfg =
        runOne(config(AnalyzerKind.RUFF).configFile(Path.of("missing.toml")).build());
    assertThat(cfg.error()).contains("missing.toml does not exist: fix <configFile> of ruff");

    AnalyzerResult env =
        runOne(config(AnalyzerKind.MYPY).env("SECRET_KEY", "${env.SECRET_KEY}").build());
    assertThat(env.error())
        .contains(
            "environment variable SECRET_KEY of mypy is '${env.SECRET_KEY}', an unresolved expression");
    assertThat(processes.analysisCalls).isEmpty();
  }

  @Test
  void environmentSecretsNeverReachTheStateFilesYetAChangedSecretRunsAgain() throws Exception {
    String secret = "hunter2-from-env";
    processes.output = "[]";
    AnalyzerConfig c = config(AnalyzerKind.RUFF).env("SECRET_KEY", secret).build();
    assertThat(runOne(c).status()).isEqualTo(AnalyzerResult.Status.PASSED);
    assertThat(runOne(c).status()).isEqualTo(AnalyzerResult.Status.UP_TO_DATE);

    Path state = project.resolve("target/buildgate/state");
    assertThat(Files.readString(state.resolve("quality-ruff.inputs")))
        .contains("secret:env:SECRET_KEY=hmac-sha256:");
    try (java.util.stream.Stream<Path> all = Files.walk(project.resolve("target"))) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret);
      }
    }
    runOne(config(AnalyzerKind.RUFF).env("SECRET_KEY", "rotated").build());
    assertThat(processes.analysisCalls).hasSize(2);
  }

  @Test
  void genericSarifToolWithExitCodesAndEnvironment() throws Exception {
    Path semgrep = bin.resolve("semgrep");
    Files.writeString(semgrep, "#!/bin/sh\n");
    Files.setPosixFilePermissions(semgrep, PosixFilePermissions.fromString("rwxr-xr-x"));
    processes.output =
        resource("generic-semgrep-style.sarif")
            .replace("file:///work/repo/backend/", project.resolve("backend").toUri().toString());
    processes.exitCode = 1;
    AnalyzerConfig c =
        AnalyzerConfig.builder(AnalyzerKind.SARIF, project)
            .id("semgrep")
            .workingDir(Path.of("backend"))
            .args(List.of("scan", "--sarif"))
            .env("SEMGREP_APP_TOKEN", "t0ps3cret")
            .secret("t0ps3cret")
            .build();

    AnalyzerResult r = runOne(c);
    assertThat(r.findings())
        .extracting(Finding::ruleId)
        .containsExactly(
            "python.lang.security.audit.eval-detected",
            "python.requests.best-practice.use-timeout",
            "generic.secrets.security.detected-private-key");
    assertThat(r.findings().get(0).file()).isEqualTo("backend/app/api.py");
    assertThat(r.version()).isEqualTo("1.99.0");
    // default threshold LOW: the INFO note does not gate
    assertThat(r.gating()).hasSize(2);

    processes.exitCode = 7;
    assertThat(runOne(c).error()).contains("semgrep exit codes accepted: [0, 1]");
    processes.exitCode = 7;
    AnalyzerConfig seven =
        AnalyzerConfig.builder(AnalyzerKind.SARIF, project)
            .id("semgrep")
            .workingDir(Path.of("backend"))
            .okExitCodes(java.util.Set.of(0, 7))
            .build();
    assertThat(runOne(seven).status()).isEqualTo(AnalyzerResult.Status.FAILED);
  }

  @Test
  void noPythonFilesIsSkippedWithOneLineAndVirtualEnvironmentsDoNotCount() throws Exception {
    Files.createDirectories(project.resolve("docs/.venv/lib"));
    Files.writeString(project.resolve("docs/.venv/lib/site.py"), "x = 1\n");
    AnalyzerResult r = runOne(config(AnalyzerKind.MYPY).workingDir(Path.of("docs")).build());
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.SKIPPED);
    assertThat(r.summaryLine())
        .isEqualTo(
            "mypy: no Python files in docs [.] (set <workingDirectory> to the Python project), SKIPPED");
    assertThat(processes.analysisCalls).isEmpty();
    QualityRunner.verdict(List.of(r));
  }

  @Test
  void imageRunnerUsesContainerPathsAndStdoutAndMapsPathsBack() throws Exception {
    Path docker = bin.resolve("docker");
    Files.writeString(docker, "#!/bin/sh\n");
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(project.resolve("backend/pyproject.toml"), "[tool.ruff]\n");
    // inside the container ruff reports /src/... paths
    processes.output = resource("ruff-0.17.6.json").replace("/tmp/qsample/backend", "/src");
    processes.exitCode = 1;
    AnalyzerConfig c =
        config(AnalyzerKind.RUFF)
            .runner(dev.buildgate.core.exec.ToolRunner.IMAGE)
            .image("buildgate/ruff:local")
            .configFile(Path.of("pyproject.toml"))
            .build();

    AnalyzerResult r = runOne(c);

    List<String> argv = processes.analysisCalls.get(0);
    assertThat(argv)
        .containsSubsequence("run", "--rm", "-v", project.resolve("backend") + ":/src")
        .containsSubsequence("-w", "/src", "buildgate/ruff:local", "check");
    assertThat(argv).contains("--config", "/src/pyproject.toml").doesNotContain("--output-file");
    assertThat(r.status()).isEqualTo(AnalyzerResult.Status.FAILED);
    assertThat(r.findings()).allMatch(f -> f.file().equals("backend/app/main.py"));
    // never cached: the image's content is not fingerprinted
    runOne(c);
    assertThat(processes.analysisCalls).hasSize(2);
  }

  @Test
  void loggedCommandsArePasteableIntoAShell() {
    assertThat(
            AnalyzerRun.shellQuoted(
                List.of("/bin/mypy", "--exclude", "^(\\./)?\\.venv(/|$)", "it's", "a.py")))
        .isEqualTo("/bin/mypy --exclude '^(\\./)?\\.venv(/|$)' 'it'\\''s' a.py");
  }

  @Test
  void checkRunsEveryAnalyzerAndWritesOneCombinedReport() throws Exception {
    processes.output = "[]";
    processes.exitCode = 0;
    List<AnalyzerResult> results =
        runner()
            .run(
                List.of(
                    config(AnalyzerKind.RUFF).build(),
                    config(AnalyzerKind.RUFF).id("ruff-2").build(),
                    config(AnalyzerKind.RUFF).id("ruff-3").build()),
                true,
                true);
    assertThat(results).extracting(AnalyzerResult::id).containsExactly("ruff", "ruff-2", "ruff-3");
    assertThat(results).allMatch(r -> r.status() == AnalyzerResult.Status.PASSED);
    String json = Files.readString(project.resolve("target/buildgate/quality/quality.json"));
    assertThat(json).contains("\"ruff-2\"").contains("\"ruff-3\"");
    // no combined SARIF: each analyzer's file is its own code scanning category
    assertThat(project.resolve("target/buildgate/quality/quality.sarif")).doesNotExist();
    for (String id : List.of("ruff", "ruff-2", "ruff-3")) {
      assertThat(Files.readString(project.resolve("target/buildgate/quality/" + id + ".sarif")))
          .contains("\"id\" : \"buildgate/quality/" + id + "/\"");
    }
    assertThat(project.resolve("target/buildgate/gl-code-quality-report.json")).exists();
    QualityRunner.verdict(results);
  }
}
