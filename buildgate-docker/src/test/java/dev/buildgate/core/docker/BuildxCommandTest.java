package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildxCommandTest {

  @Test
  void minimalLoadBuild() {
    assertThat(BuildxCommand.builder(".").build().argv())
        .containsExactly("docker", "buildx", "build", "--progress=plain", "--load", ".");
  }

  @Test
  void everyOptionInFixedOrder() {
    BuildxCommand cmd =
        BuildxCommand.builder("/src/backend")
            .docker("/usr/bin/docker")
            .builder("ci-builder")
            .file("/src/backend/Dockerfile")
            .target("runtime")
            .platforms(List.of("linux/amd64", "linux/arm64"))
            .pull(BuildxCommand.Pull.NEVER)
            .noCache(true)
            .tag("127.0.0.1:5000/acme/app:main")
            .tag("127.0.0.1:5000/acme/app:sha-1234567")
            .buildContext("base", "docker-image://127.0.0.1:5000/acme/base:main")
            .buildContext("assets", "/src/assets")
            .buildArg("PY", "3.12")
            .label("org.opencontainers.image.revision", "1234567")
            .secretEnv("npmrc", "NPM_TOKEN")
            .secretFile("pip", "/run/pip.conf")
            .cache(BuildxCommand.branchCache("local", "/cache/app", "feature-x", "main"))
            .metadataFile("/out/app.metadata.json")
            .output(BuildxCommand.Output.PUSH)
            .build();
    assertThat(cmd.argv())
        .containsExactly(
            "/usr/bin/docker",
            "buildx",
            "build",
            "--progress=plain",
            "--builder",
            "ci-builder",
            "-f",
            "/src/backend/Dockerfile",
            "--target",
            "runtime",
            "--platform",
            "linux/amd64,linux/arm64",
            "--pull=false",
            "--no-cache",
            "-t",
            "127.0.0.1:5000/acme/app:main",
            "-t",
            "127.0.0.1:5000/acme/app:sha-1234567",
            "--build-context",
            "base=docker-image://127.0.0.1:5000/acme/base:main",
            "--build-context",
            "assets=/src/assets",
            "--build-arg",
            "PY=3.12",
            "--label",
            "org.opencontainers.image.revision=1234567",
            "--secret",
            "id=npmrc,env=NPM_TOKEN",
            "--secret",
            "id=pip,src=/run/pip.conf",
            "--cache-from",
            "type=local,src=/cache/app/feature-x",
            "--cache-from",
            "type=local,src=/cache/app/main",
            "--cache-to",
            "type=local,dest=/cache/app/feature-x,mode=max",
            "--metadata-file",
            "/out/app.metadata.json",
            "--push",
            "/src/backend");
  }

  @Test
  void pullAlwaysAndNoOutput() {
    assertThat(
            BuildxCommand.builder("ctx")
                .pull(BuildxCommand.Pull.ALWAYS)
                .output(BuildxCommand.Output.NONE)
                .build()
                .argv())
        .containsExactly("docker", "buildx", "build", "--progress=plain", "--pull", "ctx");
  }

  @Test
  void registryCacheReadsBranchThenDefaultWritesBranchOnly() {
    var specs =
        BuildxCommand.branchCache("registry", "127.0.0.1:5000/acme/cache/app", "pr-7", "main");
    assertThat(specs.from())
        .containsExactly(
            "type=registry,ref=127.0.0.1:5000/acme/cache/app:pr-7",
            "type=registry,ref=127.0.0.1:5000/acme/cache/app:main");
    assertThat(specs.to())
        .isEqualTo("type=registry,ref=127.0.0.1:5000/acme/cache/app:pr-7,mode=max");
  }

  @Test
  void onTheDefaultBranchTheCacheIsReadOnce() {
    var specs = BuildxCommand.branchCache("local", "/c", "main", "main");
    assertThat(specs.from()).containsExactly("type=local,src=/c/main");
  }

  @Test
  void runPassesEnvMasksSecretValuesAndUsesWorkingDir() throws Exception {
    RecordingProcessRunner runner =
        new RecordingProcessRunner(spec -> RecordingProcessRunner.result(spec, 0, ""));
    BuildxCommand cmd = BuildxCommand.builder(".").secretEnv("tok", "TOKEN").build();
    cmd.run(
        runner, (s, l) -> {}, Path.of("/work"), Map.of("TOKEN", "s3cr3t"), Duration.ofMinutes(5));
    var spec = runner.specs.get(0);
    assertThat(spec.argv()).isEqualTo(cmd.argv());
    assertThat(spec.workingDir()).isEqualTo(Path.of("/work"));
    assertThat(spec.env())
        .containsEntry("TOKEN", "s3cr3t")
        .containsEntry("BUILDKIT_PROGRESS", "plain");
    assertThat(spec.secrets()).containsExactly("s3cr3t");
    assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(spec.displayCommand()).doesNotContain("s3cr3t");
  }

  @Test
  void driverIsReadFromBuildxInspect() {
    RecordingProcessRunner runner =
        new RecordingProcessRunner(
            spec ->
                RecordingProcessRunner.result(
                    spec, 0, "Name:          default\nDriver:        docker\n\nNodes:\n"));
    assertThat(BuildxCommand.driver(runner, "docker", null)).isEqualTo("docker");
    assertThat(runner.specs.get(0).argv()).containsExactly("docker", "buildx", "inspect");
    BuildxCommand.driver(runner, "docker", "ci");
    assertThat(runner.specs.get(1).argv()).containsExactly("docker", "buildx", "inspect", "ci");
  }

  @Test
  void missingBuildxIsNull() {
    RecordingProcessRunner runner =
        new RecordingProcessRunner(spec -> RecordingProcessRunner.result(spec, 1, ""));
    assertThat(BuildxCommand.version(runner, "docker")).isNull();
  }
}
