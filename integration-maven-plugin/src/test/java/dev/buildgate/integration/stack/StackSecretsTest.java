package dev.buildgate.integration.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.testing.RecordingLog;
import dev.buildgate.integration.compose.ServiceOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets of a stack never reach the inspect dumps: the redaction, then both collection paths. */
class StackSecretsTest {
  @TempDir Path tmp;

  static final String SECRET = "s3cr3t-inspect-value";
  static final String CREDENTIAL = "cred-pass-123";

  final RecordingLog log = new RecordingLog();
  final List<String> lines = log.lines;

  StackConfig config() {
    return new StackConfig(
        tmp.resolve("target/buildgate/integration"),
        List.of(tmp.resolve("docker-compose.yaml")),
        tmp,
        List.of(
            ServiceOverride.builder("web")
                .env("SECRET_KEY", SECRET)
                .env("MODE", "ci")
                .env("STACK_ID", "lifecycle")
                .build()),
        null,
        "it:app",
        null,
        false,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        40,
        false,
        false,
        "docker",
        Map.of());
  }

  @Test
  void overrideKeysAndKnownSecretsAreMaskedTheRestIsKept() throws Exception {
    StackSecrets secrets = StackSecrets.of(config(), List.of(CREDENTIAL));
    JsonNode in =
        new ObjectMapper()
            .readTree(
                "{\"Config\":{\"Env\":[\"SECRET_KEY="
                    + SECRET
                    + "\",\"MODE=ci\",\"DB_PASSWORD="
                    + CREDENTIAL
                    + "\",\"PATH=/bin\",\"CI=true\",\"STACK_ID=lifecycle\"],"
                    + "\"Cmd\":[\"sh\",\"-c\",\"run --key "
                    + SECRET
                    + " --stack lifecycle\"]}}");
    JsonNode out = secrets.redact(in);
    assertThat(out.path("Config").path("Env").toString())
        .isEqualTo(
            "[\"SECRET_KEY=****\",\"MODE=****\",\"DB_PASSWORD=****\",\"PATH=/bin\",\"CI=true\","
                + "\"STACK_ID=****\"]");
    // a known secret is masked in other text; a value not named like a secret is not
    assertThat(out.path("Config").path("Cmd").get(2).asText())
        .isEqualTo("run --key **** --stack lifecycle");
    assertThat(in.toString()).contains(SECRET); // the argument is not changed
    // short values are masked as whole env values only, never inside other text
    assertThat(secrets.maskable()).containsExactly(SECRET, CREDENTIAL);
    assertThat(StackSecrets.NONE.redact(in)).isEqualTo(in);
    assertThat(secrets.envKeys()).isEqualTo(Set.of("SECRET_KEY", "MODE", "STACK_ID"));
  }

  @Test
  void bothCollectionPathsWriteInspectDumpsWithoutTheSecrets() throws Exception {
    String project =
        "bg-redact-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    String id =
        new String(
                new ProcessBuilder(
                        "docker",
                        "run",
                        "-d",
                        "--label",
                        ComposeCommand.PROJECT_LABEL + "=" + project,
                        "--label",
                        ComposeCommand.SERVICE_LABEL + "=web",
                        "--name",
                        project + "-web-1",
                        "-e",
                        "SECRET_KEY=" + SECRET,
                        "-e",
                        "MODE=ci",
                        "-e",
                        "DB_PASSWORD=" + CREDENTIAL,
                        "buildgate/busybox:local",
                        "sh",
                        "-c",
                        "sleep 60 # " + SECRET)
                    .start()
                    .getInputStream()
                    .readAllBytes())
            .strip();
    try (DockerEngine engine = DockerEngine.connect(System.getenv())) {
      assertThat(id).matches("[0-9a-f]{64}");
      StackConfig cfg = config();
      StackSecrets secrets = StackSecrets.of(cfg, List.of(CREDENTIAL));
      // the CLI path (docker inspect), as with a remote daemon
      Path cli = tmp.resolve("cli");
      new LogCollector(new StackContext(cfg, engine, null, new LocalProcessRunner(), log, secrets))
          .collect(ComposeCommand.builder(project).build(), project, 0L, cli);
      // the engine API path
      Path api = tmp.resolve("api");
      Files.createDirectories(api);
      EngineApi local =
          EngineApi.local(
                  DockerHost.resolve(System.getenv(), Path.of(System.getProperty("user.home"))))
              .orElseThrow();
      new StackLogs(local, log, secrets).collect(project, 0L, api);

      for (Path dir : List.of(cli, api)) {
        JsonNode web =
            new ObjectMapper().readTree(dir.resolve("inspect/" + project + "-web-1.json").toFile());
        assertThat(web.path("Config").path("Env").toString())
            .contains("SECRET_KEY=****", "MODE=****", "DB_PASSWORD=****");
        assertThat(new ObjectMapper().readTree(dir.resolve("inspect.json").toFile())).hasSize(1);
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET, CREDENTIAL);
          }
        }
      }
    } finally {
      new ProcessBuilder("docker", "rm", "-f", "-v", project + "-web-1").start().waitFor();
    }
  }
}
