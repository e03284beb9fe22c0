package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCommandTest {
  private final ComposeCommand cmd =
      ComposeCommand.builder("bg-app-1a2b")
          .projectDirectory(Path.of("/src"))
          .file(Path.of("/src/target/ci.yaml"))
          .file(Path.of("/src/target/run.yaml"))
          .build();
  private static final List<String> BASE =
      List.of(
          "docker",
          "compose",
          "-p",
          "bg-app-1a2b",
          "--project-directory",
          "/src",
          "-f",
          "/src/target/ci.yaml",
          "-f",
          "/src/target/run.yaml");

  private static List<String> base(String... more) {
    List<String> a = new java.util.ArrayList<>(BASE);
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void upNeverWaitsAndRemovesOrphans() {
    assertThat(cmd.upArgv(false, null)).isEqualTo(base("up", "-d", "--remove-orphans"));
    assertThat(cmd.upArgv(true, "never"))
        .isEqualTo(base("up", "-d", "--remove-orphans", "--build", "--pull", "never"));
  }

  @Test
  void downRemovesVolumesAndOrphans() {
    assertThat(cmd.downArgv(null)).isEqualTo(base("down", "-v", "--remove-orphans"));
    assertThat(cmd.downArgv(Duration.ofSeconds(3)))
        .isEqualTo(base("down", "-v", "--remove-orphans", "-t", "3"));
  }

  @Test
  void logsPsPortEventsConfig() {
    assertThat(cmd.logsArgv(null)).isEqualTo(base("logs", "--no-color", "--timestamps"));
    assertThat(cmd.logsArgv("web")).isEqualTo(base("logs", "--no-color", "--timestamps", "web"));
    assertThat(cmd.psArgv()).isEqualTo(base("ps", "-a", "--format", "json"));
    assertThat(cmd.portArgv("web", 8080, null)).isEqualTo(base("port", "web", "8080"));
    assertThat(cmd.portArgv("dns", 53, "UDP"))
        .isEqualTo(base("port", "--protocol", "udp", "dns", "53"));
    assertThat(cmd.eventsArgv()).isEqualTo(base("events", "--json"));
    assertThat(cmd.configArgv()).isEqualTo(base("config", "--quiet"));
  }

  @Test
  void withoutFilesTheProjectIsFoundByLabel() {
    ComposeCommand bare = ComposeCommand.builder("p1").docker("/usr/bin/docker").build();
    assertThat(bare.downArgv(null))
        .containsExactly(
            "/usr/bin/docker", "compose", "-p", "p1", "down", "-v", "--remove-orphans");
  }

  @Test
  void invalidProjectNamesAreRejectedAndSanitized() {
    assertThatThrownBy(() -> ComposeCommand.builder("My App"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'My App'");
    assertThat(ComposeCommand.sanitizeProjectName("_My App.v2--x")).isEqualTo("my-app-v2-x");
    assertThat(ComposeCommand.sanitizeProjectName("...")).isEqualTo("buildgate");
  }

  @Test
  void runsThroughTheInjectedRunnerWithPlainOutput() throws Exception {
    RecordingProcessRunner runner =
        new RecordingProcessRunner(s -> RecordingProcessRunner.result(s, 0, ""));
    ComposeCommand c =
        ComposeCommand.builder("p1").projectDirectory(Path.of("/src")).env("X", "1").build();
    ProcessResult r = c.up(runner, LineSink.NONE, true, null, Duration.ofMinutes(2));
    assertThat(r.exitCode()).isZero();
    var spec = runner.specs.get(0);
    assertThat(spec.argv())
        .containsExactly(
            "docker",
            "compose",
            "-p",
            "p1",
            "--project-directory",
            "/src",
            "up",
            "-d",
            "--remove-orphans",
            "--build");
    assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(spec.workingDir()).isEqualTo(Path.of("/src"));
    assertThat(spec.env()).containsEntry("X", "1").containsEntry("NO_COLOR", "1");
    c.down(runner, LineSink.NONE, Duration.ZERO, Duration.ofMinutes(1));
    assertThat(runner.specs.get(1).argv()).endsWith("down", "-v", "--remove-orphans", "-t", "0");
  }

  @Test
  void composeOutputIsMaskedAndSecretValuesComeFromTheEnvironmentOnly(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("ci.yaml");
    java.nio.file.Files.writeString(
        file,
        "services:\n  web:\n    image: busybox\n    environment:\n"
            + "      - SECRET_KEY=${BUILDGATE_ENV_1_SECRET_KEY}\n");
    ComposeCommand c =
        ComposeCommand.builder("bg-mask-test")
            .projectDirectory(dir)
            .file(file)
            .secretEnv("BUILDGATE_ENV_1_SECRET_KEY", "hunter2-compose-secret")
            .build();
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> argv = new java.util.ArrayList<>(c.base());
    argv.add("config"); // prints the resolved file, the value in it
    ProcessResult r =
        c.run(
            new dev.buildgate.core.exec.LocalProcessRunner(),
            argv,
            (kind, line) -> lines.add(line),
            Duration.ofMinutes(1),
            null);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(String.join("\n", lines)).contains("SECRET_KEY: ****");
    assertThat(String.join("\n", lines) + r.stdout() + r.stderr())
        .doesNotContain("hunter2-compose-secret");
    assertThat(java.nio.file.Files.readString(file)).doesNotContain("hunter2");
  }
}
