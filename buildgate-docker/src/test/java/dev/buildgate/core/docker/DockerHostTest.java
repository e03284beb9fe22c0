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

  @Test
  void portHostIsTheDaemonsHost() {
    assertThat(at("tcp://10.213.47.2:2376").portHost()).isEqualTo("10.213.47.2");
    assertThat(at("tcp://docker:2376").portHost()).isEqualTo("docker");
    assertThat(at("tcp://docker").portHost()).isEqualTo("docker");
    assertThat(at("tcp://[fd00::5]:2376").portHost()).isEqualTo("[fd00::5]");
    assertThat(at("ssh://ci@build-host:2222").portHost()).isEqualTo("build-host");
    assertThat(at("ssh://build-host").portHost()).isEqualTo("build-host");
    assertThat(at("https://h.example:2376/").portHost()).isEqualTo("h.example");
    assertThat(at("unix:///var/run/docker.sock").portHost()).isEqualTo("127.0.0.1");
    assertThat(at("npipe:////./pipe/docker_engine").portHost()).isEqualTo("127.0.0.1");
    assertThat(at("tcp://docker:2376").remote()).isTrue();
    assertThat(at("tcp://127.0.0.1:2375").remote()).isFalse();
    assertThat(at("tcp://localhost:2375").remote()).isFalse();
    assertThat(at("unix:///run/user/1000/docker.sock").remote()).isFalse();
  }

  @Test
  void portHostOfAContext() throws Exception {
    writeContext(home.resolve(".docker"), "dind", "tcp://10.1.2.3:2376");
    DockerHost h = DockerHost.resolve(Map.of("DOCKER_CONTEXT", "dind"), home);
    assertThat(h.portHost()).isEqualTo("10.1.2.3");
    assertThat(h.context()).isEqualTo("dind");
    assertThat(h.cliEnv()).containsExactly(Map.entry("DOCKER_CONTEXT", "dind"));
    assertThat(h.clientEnv()).containsExactly(Map.entry("DOCKER_HOST", "tcp://10.1.2.3:2376"));
  }

  @Test
  void childProcessesGetTheResolvedDaemon() throws Exception {
    Path certs = tlsDir("certs");
    DockerHost h =
        DockerHost.resolve(
            Map.of(
                "DOCKER_HOST", "tcp://docker:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", certs.toString()),
            home);
    assertThat(h.cliEnv())
        .containsExactly(
            Map.entry("DOCKER_HOST", "tcp://docker:2376"),
            Map.entry("DOCKER_TLS_VERIFY", "1"),
            Map.entry("DOCKER_CERT_PATH", certs.toString()));
    assertThat(h.clientEnv()).isEqualTo(h.cliEnv());
    // the default socket: nothing to pass on (the CLI's own default)
    assertThat(DockerHost.resolve(Map.of(), home).cliEnv()).isEmpty();
    // DOCKER_TLS_VERIFY=0 is off, as for the CLI
    assertThat(
            DockerHost.resolve(
                    Map.of("DOCKER_HOST", "tcp://docker:2375", "DOCKER_TLS_VERIFY", "0"), home)
                .cliEnv())
        .containsExactly(Map.entry("DOCKER_HOST", "tcp://docker:2375"));
  }

  @Test
  void tlsWithoutCertPathReadsTheConfigDirectoryLikeTheCli() {
    DockerHost h =
        DockerHost.resolve(
            Map.of("DOCKER_HOST", "tcp://docker:2376", "DOCKER_TLS_VERIFY", "1"), home);
    assertThat(h.certPath()).isEqualTo(home.resolve(".docker"));
  }

  @Test
  void checkNamesTheVariableAndTheFix() throws Exception {
    Path certs = tlsDir("ok");
    DockerHost.resolve(
            Map.of(
                "DOCKER_HOST", "tcp://docker:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", certs.toString()),
            home)
        .check();
    Files.delete(certs.resolve("key.pem"));
    assertThatThrownBy(
            () ->
                DockerHost.resolve(
                        Map.of(
                            "DOCKER_HOST", "tcp://docker:2376",
                            "DOCKER_TLS_VERIFY", "1",
                            "DOCKER_CERT_PATH", certs.toString()),
                        home)
                    .check())
        .isInstanceOf(DockerUnavailableException.class)
        .hasMessageStartingWith("DOCKER_CERT_PATH=" + certs + " has no readable key.pem")
        .hasMessageContaining("Fix: point DOCKER_CERT_PATH at them")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(
            () ->
                DockerHost.resolve(
                        Map.of("DOCKER_HOST", "tcp://docker:2376", "DOCKER_TLS_VERIFY", "1"), home)
                    .check())
        .hasMessageStartingWith("DOCKER_CERT_PATH=" + home.resolve(".docker") + " has no");
    assertThatThrownBy(() -> at("docker:2376").check())
        .hasMessageStartingWith("DOCKER_HOST: 'docker:2376' is not a Docker daemon address")
        .hasMessageContaining("tcp://host:2376");
    // plain tcp and sockets need no certificates
    at("tcp://docker:2375").check();
    at("unix:///nowhere.sock").check();
  }

  private DockerHost at(String uri) {
    return DockerHost.resolve(Map.of("DOCKER_HOST", uri), home);
  }

  private Path tlsDir(String name) throws Exception {
    Path d = home.resolve(name);
    Files.createDirectories(d);
    for (String f : new String[] {"ca.pem", "cert.pem", "key.pem"}) {
      Files.writeString(d.resolve(f), "x");
    }
    return d;
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
