package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import dev.buildgate.docker.push.DockerPushRealTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dependent consuming a base that was pushed (not loaded) in the same run: buildx on the real
 * BuildKit daemon of .ci/start-buildkitd.sh (remote driver, which cannot see the daemon's images),
 * {@code <push>true</push>} to the real registry of .ci/start-registry.sh; the dependent's FROM
 * base is read back from the registry. The builder is registered in a private DOCKER_CONFIG that
 * also holds the registry login, so the user's own docker config is not touched.
 */
@Tag(Requires.BUILDKIT)
class PushedBaseRealTest {
  static final String SOCKET = "unix:///run/buildgate-buildkitd.sock";
  @TempDir Path dir;

  @Test
  void dependentReadsThePushedBaseFromTheRegistry() throws Exception {
    boolean present = Files.exists(Path.of("/run/buildgate-buildkitd.sock"));
    if (!"true".equals(System.getenv("CI"))) {
      Requires.that(present, Requires.BUILDKIT, "buildkitd missing: run .ci/start-buildkitd.sh");
    }
    assertThat(present).as("buildkitd socket (run .ci/start-buildkitd.sh)").isTrue();
    Path cfgDir = Files.createDirectories(dir.resolve("docker-config"));
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (DockerPushRealTest.USER + ":" + DockerPushRealTest.PASS)
                    .getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        cfgDir.resolve("config.json"),
        "{\"auths\":{\"" + DockerPushRealTest.REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", cfgDir.toString());
    LocalProcessRunner runner = new LocalProcessRunner();
    ProcessResult created =
        runner.run(
            ProcessSpec.builder(
                    "docker",
                    "buildx",
                    "create",
                    "--name",
                    "bg-pushed",
                    "--driver",
                    "remote",
                    SOCKET)
                .env(env)
                .build());
    assertThat(created.exitCode()).as(created.stderr()).isZero();

    String nonce = UUID.randomUUID().toString();
    for (String d : List.of("base", "app")) {
      Files.createDirectories(dir.resolve(d));
      Files.writeString(dir.resolve(d).resolve(d + ".txt"), d + " " + nonce);
    }
    Files.writeString(dir.resolve("base/Dockerfile"), "FROM scratch\nCOPY base.txt /base.txt\n");
    Files.writeString(dir.resolve("app/Dockerfile"), "FROM base\nCOPY app.txt /app.txt\n");
    String repo = "buildgate-test/pushed-" + nonce.substring(0, 8);
    String prefix = DockerPushRealTest.REGISTRY + "/" + repo;
    BuildConfig base =
        TestConfigs.config(
            dir,
            List.of(
                TestConfigs.image(dir, "base", Map.of()),
                TestConfigs.image(dir, "app", Map.of("base", "image:base"))),
            prefix,
            List.of("main"),
            "buildx",
            "bg-pushed",
            new CacheSettings("none", dir, null),
            "main",
            env);
    BuildConfig cfg =
        new BuildConfig(
            base.baseDir(),
            base.images(),
            base.outputDir(),
            base.buildgateDir(),
            DockerPushRealTest.REGISTRY,
            prefix,
            base.tags(),
            "main",
            "main",
            "buildx",
            "bg-pushed",
            true,
            2,
            base.cache(),
            base.defaultLabels(),
            "docker",
            env,
            Duration.ofMinutes(5),
            false,
            null,
            null);
    try (DockerEngine engine = DockerEngine.connect(System.getenv())) {
      ImagesFile out = new DockerBuild(cfg, engine, runner, GateLog.NONE).run();
      assertThat(out.images())
          .extracting(ImageResult::status)
          .containsOnly(ImageResult.Status.BUILT);
      for (ImageResult r : out.images()) {
        assertThat(r.pushed()).isTrue();
        assertThat(r.loaded()).isFalse();
        assertThat(r.digest()).startsWith("sha256:");
      }
      String appLog = Files.readString(dir.resolve("target/buildgate/docker/app.log"));
      assertThat(appLog)
          .contains("--build-context base=docker-image://" + prefix + "/base:main")
          .contains("--push");
      assertThat(engine.inspectImage(prefix + "/app:main")).isEmpty(); // pushed, not loaded
    }
    assertThat(tags(repo + "/app")).contains("\"main\"");
    assertThat(tags(repo + "/base")).contains("\"main\"");
  }

  private static String tags(String name) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(
                URI.create("http://" + DockerPushRealTest.REGISTRY + "/v2/" + name + "/tags/list"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (DockerPushRealTest.USER + ":" + DockerPushRealTest.PASS)
                                .getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
  }
}
