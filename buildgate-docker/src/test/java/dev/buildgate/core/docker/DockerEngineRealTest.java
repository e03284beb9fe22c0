package dev.buildgate.core.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real Docker engine (ENVIRONMENT.md): builds a tiny image FROM the locally imported
 * buildgate/busybox:local with the buildx argv builder, inspects it through docker-java, removes
 * it.
 */
class DockerEngineRealTest {
  @TempDir Path dir;
  private final DockerEngine engine = DockerEngine.connect(System.getenv());
  private final List<String> created = new ArrayList<>();

  @AfterEach
  void cleanup() throws Exception {
    try {
      for (String ref : created) {
        engine.removeImage(ref);
      }
    } finally {
      engine.close();
    }
  }

  @Test
  void buildxBuildThenInspectTagAndRemoveThroughDockerJava() throws Exception {
    engine.ping();
    assertThat(engine.apiVersion()).matches("1\\.\\d+");
    String ref = "buildgate-test/core-engine:" + UUID.randomUUID().toString().substring(0, 8);
    created.add(ref);
    Files.writeString(
        dir.resolve("Dockerfile"),
        "ARG BASE=buildgate/busybox:local\nFROM ${BASE}\nCOPY hello.txt /hello.txt\n"
            + "RUN cat /hello.txt\n");
    // unique content, so the RUN step really runs (no cached result from an earlier test run)
    Files.writeString(dir.resolve("hello.txt"), "hello from buildgate " + ref + "\n");
    List<String> lines = new ArrayList<>();
    BuildxCommand cmd =
        BuildxCommand.builder(dir.toString())
            .file(dir.resolve("Dockerfile").toString())
            .tag(ref)
            .label("dev.buildgate.test", "core")
            .pull(BuildxCommand.Pull.NEVER)
            .output(BuildxCommand.Output.LOAD)
            .build();
    ProcessResult r =
        cmd.run(
            new LocalProcessRunner(),
            (s, l) -> {
              synchronized (lines) {
                lines.add(l);
              }
            },
            dir,
            Map.of(),
            Duration.ofMinutes(3));
    assertThat(r.exitCode()).as(String.join("\n", lines)).isZero();
    assertThat(lines).anyMatch(l -> l.contains("hello from buildgate " + ref));

    ImageInfo info = engine.inspectImage(ref).orElseThrow();
    assertThat(info.id()).startsWith("sha256:");
    assertThat(info.repoTags()).contains(ref);
    assertThat(info.labels()).containsEntry("dev.buildgate.test", "core");
    assertThat(info.size()).isPositive();

    String second = ref + "-copy";
    created.add(second);
    engine.tag(ref, second);
    assertThat(engine.inspectImage(second).orElseThrow().id()).isEqualTo(info.id());

    assertThat(engine.removeImage(second)).isTrue();
    assertThat(engine.removeImage(ref)).isTrue();
    assertThat(engine.inspectImage(ref)).isEmpty();
    assertThat(engine.removeImage(ref)).isFalse();
  }

  @Test
  void containersByLabelFindsNothingForAFreshLabel() throws Exception {
    assertThat(engine.containersByLabel("dev.buildgate.test.none", UUID.randomUUID().toString()))
        .isEmpty();
  }

  @Test
  void aDockerContextFromTheConfigIsHonoured() throws Exception {
    Path cfg = dir.resolve("docker-config");
    DockerHostTest.writeContext(cfg, "bg-test", DockerHost.DEFAULT_SOCKET);
    Files.writeString(cfg.resolve("config.json"), "{\"currentContext\":\"bg-test\"}");
    try (DockerEngine viaContext = DockerEngine.connect(Map.of("DOCKER_CONFIG", cfg.toString()))) {
      assertThat(viaContext.host().source()).isEqualTo("docker context 'bg-test'");
      viaContext.ping();
      assertThat(viaContext.apiVersion()).isEqualTo(engine.apiVersion());
      assertThat(viaContext.inspectImage("buildgate/busybox:local")).isPresent();
    }
  }

  @Test
  void unreachableDaemonNamesTheSocketAndTheFix() {
    try (DockerEngine missing =
        DockerEngine.connect(Map.of("DOCKER_HOST", "unix://" + dir.resolve("no.sock")))) {
      assertThatThrownBy(missing::ping)
          .isInstanceOf(DockerUnavailableException.class)
          .hasMessageContaining(dir.resolve("no.sock").toString())
          .hasMessageContaining("(DOCKER_HOST)")
          .hasMessageContaining("start the Docker daemon");
    }
  }

  @Test
  void unreachableTcpDaemon() {
    try (DockerEngine missing = DockerEngine.connect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"))) {
      assertThatThrownBy(missing::ping)
          .isInstanceOf(DockerUnavailableException.class)
          .hasMessageContaining("tcp://127.0.0.1:1")
          .hasMessageContaining("Nothing is listening")
          .hasMessageContaining("point DOCKER_HOST at the right host and port");
    }
  }

  @Test
  void missingClientCertificatesAreReportedBeforeConnecting() {
    try (DockerEngine tls =
        DockerEngine.connect(
            Map.of(
                "DOCKER_HOST", "tcp://127.0.0.1:1",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", dir.toString()))) {
      assertThatThrownBy(tls::ping)
          .isInstanceOf(DockerUnavailableException.class)
          .hasMessage(
              "DOCKER_CERT_PATH="
                  + dir
                  + " has no readable ca.pem (DOCKER_TLS_VERIFY=1 needs ca.pem, cert.pem and"
                  + " key.pem of the daemon's client certificates). Fix: point DOCKER_CERT_PATH at"
                  + " them (GitLab docker:dind: /certs/client), or unset DOCKER_TLS_VERIFY for a"
                  + " daemon without TLS.");
    }
  }

  @Test
  void theDockerClisTransportCarriesTheEngineClient() throws Exception {
    // what an ssh:// daemon gets: connections through `docker system dial-stdio` (here to this
    // test's own daemon, which needs no ssh server)
    DialStdioBridge bridge = DialStdioBridge.start("docker", engine.host().clientEnv());
    Path socket = Path.of(bridge.uri().substring("unix://".length()));
    try (DockerEngine viaCli =
        DockerEngine.connect(
            new DockerHost(bridge.uri(), "bridge", false, null, dir.resolve("cfg")))) {
      viaCli.ping();
      assertThat(viaCli.apiVersion()).isEqualTo(engine.apiVersion());
      assertThat(viaCli.inspectImage("buildgate/busybox:local")).isPresent();
      assertThat(viaCli.inspectImage("buildgate/no-such-image:x")).isEmpty();
      assertThat(socket).exists();
    } finally {
      bridge.close();
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void anUnreachableSshDaemonNamesTheCheck() {
    try (DockerEngine ssh =
        DockerEngine.connect(Map.of("DOCKER_HOST", "ssh://nobody@127.0.0.1:1"))) {
      assertThatThrownBy(ssh::ping)
          .isInstanceOf(DockerUnavailableException.class)
          .hasMessageStartingWith(
              "The docker CLI could not reach the daemon at ssh://nobody@127.0.0.1:1 (DOCKER_HOST)")
          .hasMessageContaining("`docker -H ssh://nobody@127.0.0.1:1 version` must work");
    }
  }

  @Test
  void tlsMismatchesNameTheVariableAndTheFix() {
    DockerHost plain = DockerHost.resolve(Map.of("DOCKER_HOST", "tcp://docker:2376"), dir);
    assertThat(
            DockerEngine.diagnose(
                plain, " Status 400: Client sent an HTTP request to an HTTPS server.", "x"))
        .startsWith("The Docker daemon at tcp://docker:2376 (DOCKER_HOST) expects TLS")
        .contains("set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH");
    DockerHost tls =
        DockerHost.resolve(
            Map.of("DOCKER_HOST", "tcp://docker:2375", "DOCKER_TLS_VERIFY", "1"), dir);
    assertThat(
            DockerEngine.diagnose(
                tls, " Unrecognized SSL message, plaintext connection?", "Unrecognized SSL"))
        .startsWith("DOCKER_TLS_VERIFY=1, but the Docker daemon at tcp://docker:2375")
        .contains("unset DOCKER_TLS_VERIFY");
    assertThat(
            DockerEngine.diagnose(
                tls,
                " PKIX path building failed: unable to find valid certification path",
                "unable to find valid certification path"))
        .startsWith("The TLS handshake with the Docker daemon at tcp://docker:2375")
        .contains("(unable to find valid certification path)")
        .contains("DOCKER_CERT_PATH=" + dir.resolve(".docker") + " must hold the ca.pem");
  }
}
