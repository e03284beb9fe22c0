package dev.buildgate.docker.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.docker.DockerCredentials;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.RegistryCredentials;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker:push against the real registry that .ci/start-registry.sh runs on 127.0.0.1:5000 (htpasswd
 * user buildgate / buildgate-ci-pass), with a real daemon doing the push.
 */
public class DockerPushRealTest {
  public static final String REGISTRY = "127.0.0.1:5000";
  public static final String USER = "buildgate";
  public static final String PASS = "buildgate-ci-pass";

  @TempDir Path dir;
  private final DockerEngine engine = DockerEngine.connect(System.getenv());
  private final List<String> localRefs = new ArrayList<>();
  private String repo;

  @BeforeEach
  void image() throws Exception {
    repo = "buildgate-test/push-" + UUID.randomUUID().toString().substring(0, 8);
    String ref1 = REGISTRY + "/" + repo + ":one";
    String ref2 = REGISTRY + "/" + repo + ":two";
    for (String r : List.of(ref1, ref2)) {
      engine.tag("buildgate/busybox:local", r);
      localRefs.add(r);
    }
    ImageResult img =
        new ImageResult(
            "push",
            ref1,
            List.of(ref1, ref2),
            engine.inspectImage(ref1).orElseThrow().id(),
            null,
            1,
            1,
            ImageResult.Status.BUILT,
            null,
            true,
            false,
            List.of(),
            List.of(),
            "push.log",
            null,
            "fp");
    new ImagesFile(1, "now", "buildx", REGISTRY, REGISTRY + "/buildgate-test", true, List.of(img))
        .write(dir.resolve(ImagesFile.FILE_NAME));
  }

  @AfterEach
  void cleanup() throws Exception {
    try {
      for (String r : localRefs) {
        engine.removeImage(r);
      }
    } finally {
      engine.close();
    }
  }

  private DockerPush push(DockerCredentials creds) {
    return new DockerPush(
        new PushConfig(
            dir, dir.resolve("buildgate"), 2, Duration.ofMillis(100), Duration.ofMinutes(2)),
        engine,
        creds,
        GateLog.NONE);
  }

  private String tags() throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://" + REGISTRY + "/v2/" + repo + "/tags/list"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASS).getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void pushesEveryTagWithCredentialsFromADockerConfig() throws Exception {
    Path cfg = Files.createDirectories(dir.resolve("docker-config"));
    String auth =
        Base64.getEncoder().encodeToString((USER + ":" + PASS).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        cfg.resolve("config.json"),
        "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}");
    ImagesFile out = push(new DockerCredentials(cfg, Map.of(), new LocalProcessRunner())).run();
    assertThat(out.images().get(0).pushed()).isTrue();
    assertThat(out.images().get(0).digest()).startsWith("sha256:");
    assertThat(
            ImagesFile.read(dir.resolve(ImagesFile.FILE_NAME))
                .orElseThrow()
                .images()
                .get(0)
                .pushed())
        .isTrue();
    assertThat(tags()).contains("\"one\"").contains("\"two\"");
    // the push writes its own section of the pipeline summary
    assertThat(Files.readString(dir.resolve("buildgate/summary.md")))
        .contains("Docker push")
        .contains(out.images().get(0).digest());
    // nothing was written next to the user's config
    assertThat(Files.list(cfg).toList()).containsExactly(cfg.resolve("config.json"));
  }

  @Test
  void pushesWithASettingsXmlServerWhoseIdIsTheRegistryHost() throws Exception {
    var servers =
        Map.of(
            REGISTRY,
            new RegistryCredentials(USER, PASS, "settings.xml server '" + REGISTRY + "'"));
    ImagesFile out =
        push(new DockerCredentials(dir.resolve("none"), servers, new LocalProcessRunner())).run();
    assertThat(out.images().get(0).digest()).startsWith("sha256:");
    assertThat(tags()).contains("\"one\"");
  }

  @Test
  void aWrongPasswordIsAClearErrorNamingTheSourceButNotThePassword() {
    var servers =
        Map.of(
            REGISTRY,
            new RegistryCredentials(
                USER, "wrong-pass-123", "settings.xml server '" + REGISTRY + "'"));
    assertThatThrownBy(
            () ->
                push(new DockerCredentials(dir.resolve("none"), servers, new LocalProcessRunner()))
                    .run())
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("was refused by " + REGISTRY)
        .hasMessageContaining("user 'buildgate' from settings.xml server '" + REGISTRY + "'")
        .hasMessageNotContaining("wrong-pass-123");
    assertThat(dir.resolve("buildgate/summary.md"))
        .content()
        .contains("Docker push")
        .contains("was refused by " + REGISTRY)
        .doesNotContain("wrong-pass-123");
  }

  @Test
  void noCredentialsSaysHowToLogIn() {
    assertThatThrownBy(
            () ->
                push(new DockerCredentials(dir.resolve("none"), Map.of(), new LocalProcessRunner()))
                    .run())
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("No credentials were found for " + REGISTRY)
        .hasMessageContaining("docker login " + REGISTRY);
  }

  @Test
  void missingImagesJsonIsAConfigError() throws Exception {
    Files.delete(dir.resolve(ImagesFile.FILE_NAME));
    assertThatThrownBy(
            () -> push(new DockerCredentials(dir, Map.of(), new LocalProcessRunner())).run())
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("run docker:build first");
  }
}
