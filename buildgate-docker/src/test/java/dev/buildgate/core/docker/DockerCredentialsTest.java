package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerCredentialsTest {
  @TempDir Path cfg;

  private final RecordingProcessRunner helper =
      new RecordingProcessRunner(
          spec ->
              "127.0.0.1:5000".equals(spec.stdin())
                  ? RecordingProcessRunner.result(
                      spec,
                      0,
                      "{\"ServerURL\":\"127.0.0.1:5000\",\"Username\":\"h\",\"Secret\":\"hs\"}")
                  : RecordingProcessRunner.result(spec, 1, "credentials not found"));

  @Test
  void registryOfReference() {
    assertThat(DockerCredentials.registryOf("127.0.0.1:5000/acme/app:1"))
        .isEqualTo("127.0.0.1:5000");
    assertThat(DockerCredentials.registryOf("ghcr.io/acme/app")).isEqualTo("ghcr.io");
    assertThat(DockerCredentials.registryOf("localhost/app")).isEqualTo("localhost");
    assertThat(DockerCredentials.registryOf("acme/app")).isEqualTo("docker.io");
    assertThat(DockerCredentials.registryOf("busybox")).isEqualTo("docker.io");
  }

  @Test
  void inlineAuthsEntryWithSchemeInKey() throws Exception {
    String auth = Base64.getEncoder().encodeToString("ci:pa:ss".getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        cfg.resolve("config.json"),
        "{\"auths\":{\"http://127.0.0.1:5000/v2/\":{\"auth\":\"" + auth + "\"}}}");
    var c =
        new DockerCredentials(cfg, Map.of(), helper).forRegistry("127.0.0.1:5000").orElseThrow();
    assertThat(c.username()).isEqualTo("ci");
    assertThat(c.password()).isEqualTo("pa:ss");
    assertThat(c.toString()).doesNotContain("pa:ss");
    assertThat(helper.specs).isEmpty();
  }

  @Test
  void settingsServerWinsOverDockerConfig() throws Exception {
    Files.writeString(cfg.resolve("config.json"), "{\"credsStore\":\"desktop\"}");
    var c =
        new DockerCredentials(
                cfg,
                Map.of("127.0.0.1:5000", new RegistryCredentials("s", "sp", "settings.xml")),
                helper)
            .forRegistry("127.0.0.1:5000")
            .orElseThrow();
    assertThat(c.username()).isEqualTo("s");
    assertThat(helper.specs).isEmpty();
  }

  @Test
  void credHelperForHostThenCredsStore() throws Exception {
    Files.writeString(
        cfg.resolve("config.json"),
        "{\"credHelpers\":{\"127.0.0.1:5000\":\"pass\"},\"credsStore\":\"desktop\"}");
    var creds = new DockerCredentials(cfg, Map.of(), helper);
    var c = creds.forRegistry("127.0.0.1:5000").orElseThrow();
    assertThat(c.password()).isEqualTo("hs");
    assertThat(helper.specs.get(0).argv()).containsExactly("docker-credential-pass", "get");
    assertThat(creds.forRegistry("ghcr.io")).isEmpty();
    assertThat(helper.specs.get(1).argv()).containsExactly("docker-credential-desktop", "get");
  }

  @Test
  void noConfigMeansAnonymous() throws Exception {
    assertThat(new DockerCredentials(cfg, Map.of(), helper).forRegistry("127.0.0.1:5000"))
        .isEmpty();
  }
}
