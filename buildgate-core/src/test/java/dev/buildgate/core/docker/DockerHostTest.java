package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerHostTest {
  @TempDir Path home;

  @Test
  void defaultSocketWhenNothingConfigured() {
    DockerHost h = DockerHost.resolve(Map.of(), home);
    assertThat(h.uri()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(h.source()).isEqualTo("default socket");
    assertThat(h.configDir()).isEqualTo(home.resolve(".docker"));
  }

  @Test
  void dockerHostWins() throws Exception {
    writeContext(home.resolve(".docker"), "remote", "tcp://10.0.0.1:2375");
    DockerHost h =
        DockerHost.resolve(
            Map.of("DOCKER_HOST", "unix:///tmp/d.sock", "DOCKER_CONTEXT", "remote"), home);
    assertThat(h.uri()).isEqualTo("unix:///tmp/d.sock");
    assertThat(h.source()).isEqualTo("DOCKER_HOST");
  }

  @Test
  void currentContextFromConfigJson() throws Exception {
    Path cfg = home.resolve(".docker");
    writeContext(cfg, "colima", "unix:///home/u/.colima/docker.sock");
    Files.writeString(cfg.resolve("config.json"), "{\"currentContext\":\"colima\"}");
    DockerHost h = DockerHost.resolve(Map.of(), home);
    assertThat(h.uri()).isEqualTo("unix:///home/u/.colima/docker.sock");
    assertThat(h.source()).isEqualTo("docker context 'colima'");
  }

  @Test
  void dockerContextEnvAndDockerConfigDir() throws Exception {
    Path cfg = home.resolve("elsewhere");
    writeContext(cfg, "ci", "unix:///run/ci.sock");
    DockerHost h =
        DockerHost.resolve(Map.of("DOCKER_CONFIG", cfg.toString(), "DOCKER_CONTEXT", "ci"), home);
    assertThat(h.uri()).isEqualTo("unix:///run/ci.sock");
    assertThat(h.configDir()).isEqualTo(cfg);
  }

  @Test
  void defaultContextMeansDefaultSocket() throws Exception {
    Path cfg = home.resolve(".docker");
    Files.createDirectories(cfg);
    Files.writeString(cfg.resolve("config.json"), "{\"currentContext\":\"default\"}");
    assertThat(DockerHost.resolve(Map.of(), home).uri()).isEqualTo(DockerHost.DEFAULT_SOCKET);
  }

  @Test
  void unknownContextNamesTheFix() {
    assertThatThrownBy(() -> DockerHost.resolve(Map.of("DOCKER_CONTEXT", "nope"), home))
        .hasMessageContaining("docker context 'nope'")
        .hasMessageContaining("docker context use default");
  }

  static void writeContext(Path configDir, String name, String host) throws Exception {
    Path meta = configDir.resolve("contexts/meta").resolve(DockerHost.sha256(name));
    Files.createDirectories(meta);
    Files.writeString(
        meta.resolve("meta.json"),
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":false}}}");
  }
}
