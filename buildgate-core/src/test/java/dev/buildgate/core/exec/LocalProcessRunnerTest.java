package dev.buildgate.core.exec;

import static dev.buildgate.core.exec.ProcessTestSupport.alive;
import static dev.buildgate.core.exec.ProcessTestSupport.killAll;
import static dev.buildgate.core.exec.ProcessTestSupport.pids;
import static dev.buildgate.core.exec.ProcessTestSupport.runnerThreads;
import static dev.buildgate.core.exec.ProcessTestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ProcessTestSupport.CountingSink;
import dev.buildgate.core.exec.ProcessTestSupport.RecordingSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessRunnerTest {

  private final LocalProcessRunner runner = new LocalProcessRunner();
  private final List<Long> leftovers = new ArrayList<>();

  @TempDir Path tmp;

  @AfterEach
  void killLeftovers() {
    killAll(leftovers);
  }

  private static ProcessSpec bash(String script) {
    return ProcessSpec.builder("bash", "-c", script).timeout(Duration.ofSeconds(60)).build();
  }

  @Test
  void capturesStdoutStderrAndExitCode() throws Exception {
    ProcessResult r = runner.run(bash("echo out1; echo err1 >&2; echo out2; exit 3"));

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.stdout()).isEqualTo("out1\nout2\n");
    assertThat(r.stderr()).isEqualTo("err1\n");
    assertThat(r.truncated()).isFalse();
    assertThat(r.argv())
        .containsExactly("bash", "-c", "echo out1; echo err1 >&2; echo out2; exit 3");
    assertThat(r.stderrTail(5)).isEqualTo("err1");
    assertThat(r.outputTail(2)).isEqualTo("out2\nerr1");
  }

  @Test
  void exitCodeZeroAndSignalledExit() throws Exception {
    assertThat(runner.run(bash("true")).exitCode()).isZero();
    assertThat(runner.run(bash("exit 255")).exitCode()).isEqualTo(255);
    // killed by a signal: the shell convention 128 + signal number
    assertThat(runner.run(bash("kill -9 $$")).exitCode()).isEqualTo(137);
  }

  @Test
  void streamsLinesToSinkInOrderPerStreamWithoutTerminators() throws Exception {
    RecordingSink sink = new RecordingSink();
    runner.run(bash("printf 'a\\r\\nb\\n\\nlast-without-newline'; echo e1 >&2"), sink);

    assertThat(sink.lines.stream().filter(l -> l.startsWith("STDOUT:")))
        .containsExactly("STDOUT:a", "STDOUT:b", "STDOUT:", "STDOUT:last-without-newline");
    assertThat(sink.lines).contains("STDERR:e1");
  }

  @Test
  void carriageReturnProgressOutputBecomesSeparateLines() throws Exception {
    RecordingSink sink = new RecordingSink();
    ProcessResult r = runner.run(bash("printf '10%%\\r50%%\\r100%%\\r\\ndone\\r\\n\\r\\n'"), sink);
    assertThat(sink.lines)
        .containsExactly("STDOUT:10%", "STDOUT:50%", "STDOUT:100%", "STDOUT:done", "STDOUT:");
    // the captured text is the raw output
    assertThat(r.stdout()).isEqualTo("10%\r50%\r100%\r\ndone\r\n\r\n");
  }

  @Test
  void argvIsNeverInterpretedByAShell() throws Exception {
    ProcessResult r =
        runner.run(ProcessSpec.builder("echo", "$HOME", "a b", "'q'", ";", "|").build());
    assertThat(r.stdout()).isEqualTo("$HOME a b 'q' ; |\n");
  }

  @Test
  void envIsAddedToInheritedEnvironmentAndCanBeRemoved() throws Exception {
    Map<String, String> base = new HashMap<>(System.getenv());
    base.put("BG_INHERITED", "from-base");
    base.put("BG_REMOVED", "should-vanish");
    LocalProcessRunner r = new LocalProcessRunner(base);

    ProcessResult res =
        r.run(
            ProcessSpec.builder(
                    "bash",
                    "-c",
                    "echo \"$BG_INHERITED|$BG_ADDED|${BG_REMOVED-unset}|$BG_OVERRIDE\"")
                .env("BG_ADDED", "added")
                .env(Map.of("BG_OVERRIDE", "new"))
                .removeEnv("BG_REMOVED")
                .build());

    assertThat(res.stdout()).isEqualTo("from-base|added|unset|new\n");
  }

  @Test
  void runsInWorkingDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("work dir"));
    ProcessResult r = runner.run(ProcessSpec.builder("pwd").workingDir(dir).build());
    assertThat(Path.of(r.stdout().trim()).toRealPath()).isEqualTo(dir.toRealPath());
  }

  @Test
  void relativeExecutablePathResolvesAgainstWorkingDirectory() throws Exception {
    script(tmp.resolve("bin"), "hello", "echo hello from $0");
    ProcessResult r = runner.run(ProcessSpec.builder("./bin/hello").workingDir(tmp).build());
    assertThat(r.stdout()).startsWith("hello from ").endsWith("bin/hello\n");
  }

  @Test
  void missingWorkingDirectoryIsAClearError() {
    Path missing = tmp.resolve("nope");
    assertThatThrownBy(() -> runner.run(ProcessSpec.builder("true").workingDir(missing).build()))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("working directory")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void missingExecutableNamesItAndThePathSearched() {
    Map<String, String> env = Map.of("PATH", tmp + ":/nonexistent/bin");
    LocalProcessRunner r = new LocalProcessRunner(env);

    assertThatThrownBy(() -> r.run(ProcessSpec.builder("bg-no-such-tool", "--version").build()))
        .isInstanceOfSatisfying(
            ExecutableNotFoundException.class,
            e -> {
              assertThat(e.executable()).isEqualTo("bg-no-such-tool");
              assertThat(e.searchedPath()).isEqualTo(tmp + ":/nonexistent/bin");
            })
        .hasMessageContaining("'bg-no-such-tool'")
        .hasMessageContaining(tmp + ":/nonexistent/bin");
  }

  @Test
  void missingExecutableGivenAsPathAndNonExecutableFile() throws Exception {
    assertThatThrownBy(() -> runner.run(ProcessSpec.builder("/nonexistent/bg-tool").build()))
        .isInstanceOf(ExecutableNotFoundException.class)
        .hasMessageContaining("/nonexistent/bg-tool")
        .hasMessageContaining("does not exist");

    Path plain = Files.writeString(tmp.resolve("plain"), "not executable");
    assertThatThrownBy(() -> runner.run(ProcessSpec.builder(plain.toString()).build()))
        .isInstanceOf(ExecutableNotFoundException.class)
        .hasMessageContaining("is not an executable file");
  }

  @Test
  void brokenInterpreterLineIsMappedFromTheStartFailure() throws Exception {
    Path bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    Path p = bin.resolve("broken");
    Files.writeString(p, "#!/nonexistent/interpreter\n");
    p.toFile().setExecutable(true);

    assertThatThrownBy(() -> runner.run(ProcessSpec.builder(p.toString()).build()))
        .isInstanceOf(ExecutableNotFoundException.class)
        .hasMessageContaining("or its interpreter not found");
  }

  @Test
  void executableIsLookedUpOnTheSpecsPath() throws Exception {
    Path bin = tmp.resolve("custom-bin");
    script(bin, "bg-fake-tool", "echo fake tool ran");
    Map<String, String> env = new HashMap<>(System.getenv());
    ProcessResult r =
        new LocalProcessRunner(env)
            .run(
                ProcessSpec.builder("bg-fake-tool")
                    .env("PATH", bin + ":" + System.getenv("PATH"))
                    .build());
    assertThat(r.stdout()).isEqualTo("fake tool ran\n");
  }

  @Test
  void secretsAreMaskedInSinkCaptureAndArgv() throws Exception {
    RecordingSink sink = new RecordingSink();
    ProcessSpec spec =
        ProcessSpec.builder(
                "bash", "-c", "echo token=s3cr3t-value; echo pw hunter2 >&2", "s3cr3t-value")
            .secrets(List.of("s3cr3t-value", "hunter2", ""))
            .build();

    ProcessResult r = runner.run(spec, sink);

    assertThat(r.stdout()).isEqualTo("token=****\n");
    assertThat(r.stderr()).isEqualTo("pw ****\n");
    assertThat(sink.lines).containsExactlyInAnyOrder("STDOUT:token=****", "STDERR:pw ****");
    assertThat(r.argv()).containsExactly("bash", "-c", "echo token=****; echo pw **** >&2", "****");
    assertThat(spec.displayCommand()).doesNotContain("s3cr3t").doesNotContain("hunter2");
    assertThat(String.join("\n", sink.lines) + r.stdout() + r.stderr() + r.argv())
        .doesNotContain("s3cr3t")
        .doesNotContain("hunter2");
  }

  @Test
  void multiLineSecretsAreMaskedLineByLine() throws Exception {
    String key = "-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\nQQQQ9wXyZ\n-----END KEY-----\n";
    Path keyFile = Files.writeString(tmp.resolve("key"), key);
    RecordingSink sink = new RecordingSink();
    ProcessResult r =
        runner.run(
            ProcessSpec.builder("cat", keyFile.toString()).secrets(List.of(key)).build(), sink);
    // the sink sees single lines: each line of the key is masked on its own
    assertThat(sink.lines)
        .containsExactly("STDOUT:****", "STDOUT:****", "STDOUT:****", "STDOUT:****");
    // the captured text holds the whole key, masked as one
    assertThat(r.stdout()).isEqualTo("****");
  }

  @Test
  void nonUtf8OutputIsDecodedWithReplacement() throws Exception {
    RecordingSink sink = new RecordingSink();
    ProcessResult r =
        runner.run(bash("printf 'caf\\xe9 \\xff\\xfe ok\\n\\xc3\\xa9t\\xc3\\xa9\\n'"), sink);

    assertThat(r.stdout()).isEqualTo("caf\uFFFD \uFFFD\uFFFD ok\n\u00e9t\u00e9\n");
    assertThat(sink.lines)
        .containsExactly("STDOUT:caf\uFFFD \uFFFD\uFFFD ok", "STDOUT:\u00e9t\u00e9");
  }

  @Test
  void hugeOutputIsBoundedAndKeepsTheTail() throws Exception {
    CountingSink sink = new CountingSink();
    ProcessSpec spec =
        ProcessSpec.builder(
                "bash", "-c", "yes 0123456789abcdef | head -c 104857598; echo END-MARKER")
            .maxCaptureBytes(64 * 1024)
            .timeout(Duration.ofMinutes(3))
            .build();

    ProcessResult r = runner.run(spec, sink);

    assertThat(r.exitCode()).isZero();
    assertThat(r.truncated()).isTrue();
    assertThat(r.stdout().length()).isLessThanOrEqualTo(64 * 1024);
    assertThat(r.stdout()).endsWith("0123456789abcdef\nEND-MARKER\n");
    // the partial first line of the tail is dropped, so every kept line is whole
    assertThat(r.stdout().split("\n")[0]).isEqualTo("0123456789abcdef");
    // ~100 MiB of 17-byte lines, plus the marker
    assertThat(sink.count).isEqualTo(104857598L / 17 + 1);
    assertThat(sink.last).isEqualTo("END-MARKER");
  }

  @Test
  void hugeOutputWithoutLineBreaksIsSplitIntoBoundedSinkLines() throws Exception {
    CountingSink sink = new CountingSink();
    ProcessSpec spec =
        ProcessSpec.builder("bash", "-c", "head -c 20971520 /dev/zero | tr '\\0' 'x'")
            .maxCaptureBytes(1000)
            .build();

    ProcessResult r = runner.run(spec, sink);

    assertThat(r.truncated()).isTrue();
    assertThat(r.stdout()).hasSize(1000).matches("x+");
    assertThat(sink.longest).isEqualTo(StreamPump.MAX_LINE_BYTES);
    assertThat(sink.count).isEqualTo(20971520L / StreamPump.MAX_LINE_BYTES);
  }

  @Test
  void captureBoundAppliesToStderrToo() throws Exception {
    ProcessResult r =
        runner.run(
            ProcessSpec.builder("bash", "-c", "for i in $(seq 1 5000); do echo line$i >&2; done")
                .maxCaptureBytes(100)
                .build());
    assertThat(r.truncated()).isTrue();
    assertThat(r.stderr()).endsWith("line4999\nline5000\n");
    assertThat(r.stderr().length()).isLessThanOrEqualTo(100);
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pidFile = tmp.resolve("pids");
    // a child, a grandchild (in its own subshell) and the shell itself, all sleeping
    String script =
        "echo $$ >> '"
            + pidFile
            + "'; sleep 300 & echo $! >> '"
            + pidFile
            + "'; bash -c 'sleep 300 & echo $! >> \""
            + pidFile
            + "\"; wait' & echo $! >> '"
            + pidFile
            + "'; echo started; wait";
    RecordingSink sink = new RecordingSink();
    ProcessSpec spec =
        ProcessSpec.builder("bash", "-c", script).timeout(Duration.ofMillis(1500)).build();

    assertThatThrownBy(() -> runner.run(spec, sink))
        .isInstanceOfSatisfying(
            ProcessTimeoutException.class,
            e -> {
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(1500));
              assertThat(e.command()).containsExactly("bash", "-c", script);
              assertThat(e.partialResult().stdout()).isEqualTo("started\n");
              assertThat(e.partialResult().exitCode()).isEqualTo(-1);
            })
        .hasMessageContaining("did not finish within 1.5s")
        .hasMessageContaining("bash -c");

    List<Long> pids = pids(pidFile);
    leftovers.addAll(pids);
    assertThat(pids).hasSize(4);
    assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %s alive", pid).isFalse());
    assertThat(sink.lines).contains("STDOUT:started");
    assertThat(runnerThreads("buildgate-exec-bash")).isEmpty();
  }

  @Test
  void timeoutKillsADoubleForkedChildThatLeftTheTree() throws Exception {
    Path pidFile = tmp.resolve("pids");
    // the subshell exits at once: its sleep is re-parented to pid 1 (or a subreaper), out of the
    // tree
    String script =
        "( sleep 1001 & echo $! > '"
            + pidFile
            + "' ); while [ ! -s '"
            + pidFile
            + "' ]; do sleep 0.05; done; echo started; sleep 300";
    ProcessSpec spec =
        ProcessSpec.builder("bash", "-c", script).timeout(Duration.ofMillis(2000)).build();
    try {
      assertThatThrownBy(() -> runner.run(spec)).isInstanceOf(ProcessTimeoutException.class);
    } finally {
      leftovers.addAll(pids(pidFile));
    }
    long sleeper = leftovers.get(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (alive(sleeper) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(alive(sleeper)).as("double-forked sleep %s alive", sleeper).isFalse();
  }

  @Test
  void timeoutEscalatesToKillWhenTermIsIgnored() throws Exception {
    Path pidFile = tmp.resolve("pids");
    LocalProcessRunner quickKill = new LocalProcessRunner(System.getenv(), Duration.ofMillis(300));
    String script =
        "trap '' TERM; echo $$ >> '"
            + pidFile
            + "'; bash -c \"trap '' TERM; echo \\$\\$ >> '"
            + pidFile
            + "'; while true; do sleep 1; done\" & while true; do sleep 1; done";

    assertThatThrownBy(
            () ->
                quickKill.run(
                    ProcessSpec.builder("bash", "-c", script)
                        .timeout(Duration.ofMillis(1000))
                        .build()))
        .isInstanceOf(ProcessTimeoutException.class);

    List<Long> pids = pids(pidFile);
    leftovers.addAll(pids);
    assertThat(pids).hasSize(2);
    assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %s alive", pid).isFalse());
  }

  @Test
  void backgroundChildHoldingOutputOpenDoesNotHangTheRunner() throws Exception {
    Path pidFile = tmp.resolve("pids");
    // the shell exits at once; its orphaned child keeps stdout open
    ProcessSpec spec =
        ProcessSpec.builder("sh", "-c", "sleep 300 & echo $! > '" + pidFile + "'; echo parent done")
            .timeout(Duration.ofSeconds(1))
            .build();
    try {
      ProcessResult r = runner.run(spec);
      assertThat(r.exitCode()).isZero();
      assertThat(r.stdout()).isEqualTo("parent done\n");
    } finally {
      leftovers.addAll(pids(pidFile));
    }
  }

  @Test
  void stdinIsWrittenAndClosed() throws Exception {
    ProcessResult r = runner.run(ProcessSpec.builder("cat").stdin("h\u00e9llo\nworld").build());
    assertThat(r.stdout()).isEqualTo("h\u00e9llo\nworld");
    // without stdin the process sees end of input at once
    assertThat(runner.run(ProcessSpec.builder("cat").build()).stdout()).isEmpty();
  }

  @Test
  void stdoutFileReceivesExactBytesAndLinesStillReachTheSink() throws Exception {
    Path out = tmp.resolve("reports/nested/out.json");
    RecordingSink sink = new RecordingSink();
    ProcessResult r =
        runner.run(
            ProcessSpec.builder("bash", "-c", "printf '{\"a\":1}\\n\\xff\\n'; echo warn >&2")
                .stdoutFile(out)
                .build(),
            sink);

    assertThat(Files.readAllBytes(out))
        .isEqualTo(new byte[] {'{', '"', 'a', '"', ':', '1', '}', '\n', (byte) 0xff, '\n'});
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).isEqualTo("warn\n");
    assertThat(sink.lines).contains("STDOUT:{\"a\":1}", "STDOUT:\uFFFD", "STDERR:warn");
  }

  @Test
  void quietStdoutKeepsStdoutFromSinkButStillCaptures() throws Exception {
    RecordingSink sink = new RecordingSink();
    ProcessResult r =
        runner.run(
            ProcessSpec.builder("bash", "-c", "echo data; echo note >&2").quietStdout(true).build(),
            sink);
    assertThat(sink.lines).containsExactly("STDERR:note");
    assertThat(r.stdout()).isEqualTo("data\n");
  }

  @Test
  void failingSinkIsReportedAfterTheProcessWasDrained() {
    LineSink failing =
        (stream, line) -> {
          throw new IllegalStateException("log closed");
        };
    assertThatThrownBy(() -> runner.run(bash("for i in $(seq 1 1000); do echo $i; done"), failing))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("output consumer failed")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void readerThreadsAreDaemonsAndFinished() throws Exception {
    List<Boolean> daemon = new ArrayList<>();
    runner.run(
        bash("echo x; echo y >&2"),
        (stream, line) -> daemon.add(Thread.currentThread().isDaemon()));
    assertThat(daemon).containsOnly(true).hasSize(2);
    assertThat(runnerThreads("buildgate-exec-bash")).isEmpty();
  }

  @Test
  void concurrentRunsDoNotInterfere() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<String> outputs = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 6; i++) {
      int n = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  outputs.add(
                      runner.run(bash("for j in 1 2 3; do echo " + n + "-$j; done")).stdout());
                } catch (ExecException e) {
                  outputs.add(e.toString());
                }
              });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(outputs).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(outputs).contains(i + "-1\n" + i + "-2\n" + i + "-3\n");
    }
  }

  @Test
  void utf8IsPreservedAcrossReadBoundaries() throws Exception {
    // 100k two-byte characters: chunk boundaries fall inside characters
    String text = "\u00e9".repeat(100_000);
    Path f = Files.writeString(tmp.resolve("utf8.txt"), text + "\n", StandardCharsets.UTF_8);
    RecordingSink sink = new RecordingSink();
    ProcessResult r = runner.run(ProcessSpec.builder("cat", f.toString()).build(), sink);
    assertThat(r.stdout()).isEqualTo(text + "\n");
    // the sink gets the long line in pieces, each cut at a character boundary
    assertThat(sink.lines).hasSizeGreaterThan(1);
    assertThat(String.join("", sink.lines).replace("STDOUT:", "")).isEqualTo(text);
  }
}
