package dev.buildgate.integration.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.integration.IntegrationConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@SuppressWarnings("unchecked")
class ComposeRendererTest {
  static final String DEV =
      """
      version: "3.9"
      x-common-env: &common
        LOG_LEVEL: debug
      services:
        mongo:
          image: mongo:7
          environment:
            <<: *common
            MONGO_INITDB_ROOT_USERNAME: root
            MONGO_INITDB_ROOT_PASSWORD: example
          volumes:
            - mongo-data:/data/db
            - ./mongo/init.js:/docker-entrypoint-initdb.d/init.js:ro
          healthcheck:
            test: ["CMD", "mongosh", "--eval", "db.adminCommand('ping')"]
            interval: 5s
        redis:
          image: redis:7
          ports:
            - 6379:6379
          command: redis-server --appendonly yes
        backend:
          build: ./backend
          environment:
            - DEBUG=on
            - SECRET_KEY=dev
            - RELOAD=1
          volumes:
            - ./backend:/app
            - ./backend/.venv:/app/.venv
            - /var/run/docker.sock:/var/run/docker.sock
          ports:
            - "443:443"
            - 22:22
          depends_on:
            mongo:
              condition: service_healthy
            redis:
              condition: service_started
          user: "1000"
        worker:
          image: worker
          depends_on: [redis, backend]
          environment:
            <<: *common
        frontend:
          image: frontend
          depends_on:
            - backend
          command: |
            sh -c "echo hi
            exec nginx"
      volumes:
        mongo-data: {}
      """;

  @TempDir Path dir;

  private Path devFile() throws Exception {
    Path f = dir.resolve("docker-compose.yaml");
    Files.writeString(f, DEV, StandardCharsets.UTF_8);
    return f;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String yaml, String name) {
    Map<String, Object> doc = new Yaml().load(yaml);
    return (Map<String, Object>) ((Map<String, Object>) doc.get("services")).get(name);
  }

  static List<ServiceOverride> ciOverrides(String home) {
    return List.of(
        ServiceOverride.builder("frontend").drop().build(),
        ServiceOverride.builder("backend")
            .env("BACKEND_ENV", "ci")
            .env("SECRET_KEY", "ci-secret")
            .removeVolume("./backend:/app")
            .removeVolumesContaining("docker.sock")
            .addVolume(home + "/.cache:/root/.cache:ro")
            .dependsOn("mongo", "service_started")
            .extraHost("host.docker.internal:host-gateway")
            .build(),
        ServiceOverride.builder("mongo")
            .env("MONGO_INITDB_DATABASE", "ci")
            .removeEnv("MONGO_INITDB_ROOT_PASSWORD")
            .removeHealthcheck()
            .build(),
        ServiceOverride.builder("worker").dependsOn("backend", "service_healthy").build());
  }

  @Test
  void aRemoteDaemonPublishesLoopbackPortsOnAllItsInterfaces() throws Exception {
    Path f = dir.resolve("ports.yaml");
    Files.writeString(
        f,
        """
        services:
          web:
            image: x
            ports:
              - "127.0.0.1:${PORT:-8443}:8443"
              - "localhost::80"
              - "9000:9000"
              - "10.0.0.5:53:53/udp"
              - {target: 6379, host_ip: 127.0.0.1, published: "6379"}
        """);
    ComposeRenderer.Rendered local = ComposeRenderer.render(List.of(f), List.of(), false);
    assertThat(local.changes()).isEmpty();
    assertThat(local.yaml()).contains("127.0.0.1:${PORT:-8443}:8443");

    ComposeRenderer.Rendered remote = ComposeRenderer.render(List.of(f), List.of(), true);
    List<Object> ports = cast(service(remote.yaml(), "web").get("ports"));
    assertThat(ports.subList(0, 4))
        .containsExactly("${PORT:-8443}:8443", "80", "9000:9000", "10.0.0.5:53:53/udp");
    assertThat((Map<String, Object>) cast(ports.get(4))).doesNotContainKey("host_ip");
    assertThat(remote.changes())
        .hasSize(3)
        .allMatch(c -> c.startsWith("web: port ") && c.contains("remote Docker daemon"));
  }

  @Test
  void everyEditKindIsApplied() throws Exception {
    Path f = devFile();
    ComposeRenderer.Rendered r = ComposeRenderer.render(List.of(f), ciOverrides("/home/ci"));
    String y = r.yaml();

    assertThat(r.services()).containsExactly("mongo", "redis", "backend", "worker");
    assertThat(r.builtUnnamed()).containsExactly("backend");
    assertThat(y).doesNotContain("frontend").doesNotContain("version:");

    Map<String, Object> backend = service(y, "backend");
    assertThat((List<Object>) cast(backend.get("environment")))
        .containsExactly(
            "DEBUG=on",
            "SECRET_KEY=${BUILDGATE_ENV_2_SECRET_KEY}",
            "RELOAD=1",
            "BACKEND_ENV=${BUILDGATE_ENV_1_BACKEND_ENV}");
    assertThat(y).doesNotContain("ci-secret");
    assertThat(ComposeRenderer.environment(ciOverrides("/home/ci")))
        .containsExactly(
            Map.entry("BUILDGATE_ENV_1_BACKEND_ENV", "ci"),
            Map.entry("BUILDGATE_ENV_2_SECRET_KEY", "ci-secret"),
            Map.entry("BUILDGATE_ENV_3_MONGO_INITDB_DATABASE", "ci"));
    assertThat((List<Object>) cast(backend.get("volumes")))
        .containsExactly("./backend/.venv:/app/.venv", "/home/ci/.cache:/root/.cache:ro");
    assertThat(backend.get("extra_hosts")).isEqualTo(List.of("host.docker.internal:host-gateway"));
    assertThat(backend.get("depends_on"))
        .isEqualTo(
            Map.of(
                "mongo", Map.of("condition", "service_started"),
                "redis", Map.of("condition", "service_started")));
    assertThat(backend.get("user")).isEqualTo("1000"); // stays a string
    assertThat(y).contains("      - 443:443\n      - '22:22'\n");

    Map<String, Object> mongo = service(y, "mongo");
    assertThat(mongo).doesNotContainKey("healthcheck");
    Map<String, Object> mongoEnv = cast(mongo.get("environment"));
    assertThat(mongoEnv)
        .containsEntry("MONGO_INITDB_DATABASE", "${BUILDGATE_ENV_3_MONGO_INITDB_DATABASE}")
        .containsEntry("LOG_LEVEL", "debug")
        .doesNotContainKey("MONGO_INITDB_ROOT_PASSWORD");
    // the merge-key anchor was shared: worker must not have been edited with mongo
    assertThat((Map<String, Object>) cast(service(y, "worker").get("environment")))
        .containsOnlyKeys("LOG_LEVEL");

    // short list form converted to long form with the other dependency kept as started
    assertThat(service(y, "worker").get("depends_on"))
        .isEqualTo(
            Map.of(
                "redis", Map.of("condition", "service_started"),
                "backend", Map.of("condition", "service_healthy")));
    assertThat(r.changes()).anyMatch(c -> c.contains("dropped service frontend"));
    assertThat(y).contains("    command: redis-server --appendonly yes");
  }

  @Test
  void extraHostsCreatedThenAppended() throws Exception {
    Path f = devFile();
    String y =
        ComposeRenderer.render(
                List.of(f),
                List.of(
                    ServiceOverride.builder("redis").extraHost("a:10.0.0.1").build(),
                    ServiceOverride.builder("redis").extraHost("b:10.0.0.2").build()))
            .yaml();
    assertThat(service(y, "redis").get("extra_hosts"))
        .isEqualTo(List.of("a:10.0.0.1", "b:10.0.0.2"));
  }

  @Test
  void shortFormDependencyToStartedStaysShort() throws Exception {
    String y =
        ComposeRenderer.render(
                List.of(devFile()),
                List.of(
                    ServiceOverride.builder("worker")
                        .dependsOn("redis", "service_started")
                        .build()))
            .yaml();
    assertThat(service(y, "worker").get("depends_on")).isEqualTo(List.of("redis", "backend"));
  }

  @Test
  void outputIsDeterministicAndOriginalUntouched() throws Exception {
    Path f = devFile();
    byte[] before = Files.readAllBytes(f);
    String a = ComposeRenderer.render(List.of(f), ciOverrides("/h")).yaml();
    String b = ComposeRenderer.render(List.of(f), ciOverrides("/h")).yaml();
    assertThat(a).isEqualTo(b);
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
  }

  @Test
  void ambiguousScalarsKeepTheirMeaning() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(
        f,
        """
        services:
          a:
            image: x
            environment:
              FLAG: on
              MODE: "0755"
              NUM: 3
              R: 1.5
              Q: "true"
              E:
            ports: ["8080:80", 22:22]
            command: ["sh", "-c", "true"]
          b:
            image: x
            entrypoint: |
              sh -c "echo one
              exec two"
        """);
    String y = ComposeRenderer.render(List.of(f), List.of()).yaml();
    assertThat(y)
        .contains("FLAG: 'on'")
        .contains("MODE: '0755'")
        .contains("NUM: 3\n")
        .contains("R: 1.5\n")
        .contains("Q: 'true'")
        .contains("- '22:22'");
    assertThat(y).contains("    entrypoint: |\n      sh -c \"echo one\n      exec two\"\n");
    assertThat(service(y, "b").get("entrypoint")).isEqualTo("sh -c \"echo one\nexec two\"\n");
    // a YAML 1.1 reader sees the same strings now
    Map<String, Object> env = cast(service(y, "a").get("environment"));
    assertThat(env.get("FLAG")).isEqualTo("on");
    assertThat(env.get("MODE")).isEqualTo("0755");
  }

  @Test
  void multipleFilesAreMerged() throws Exception {
    Path f = devFile();
    Path o = dir.resolve("docker-compose.override.yaml");
    Files.writeString(
        o,
        """
        services:
          backend:
            environment:
              - RELOAD=0
              - EXTRA=1
            ports:
              - "8443:8443"
        """);
    String y = ComposeRenderer.render(List.of(f, o), List.of()).yaml();
    Map<String, Object> backend = service(y, "backend");
    assertThat((List<Object>) cast(backend.get("environment")))
        .containsExactly("DEBUG=on", "SECRET_KEY=dev", "RELOAD=0", "EXTRA=1");
    assertThat((List<Object>) cast(backend.get("ports")))
        .containsExactly("443:443", "22:22", "8443:8443");
  }

  @Test
  void unknownServiceIsNamed() throws Exception {
    Path f = devFile();
    assertThatThrownBy(
            () ->
                ComposeRenderer.render(
                    List.of(f), List.of(ServiceOverride.builder("backnd").drop().build())))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("'backnd'")
        .hasMessageContaining("no such service")
        .hasMessageContaining("backend");
  }

  @Test
  void unknownKeysAreNamed() throws Exception {
    Path f = devFile();
    assertThatThrownBy(() -> render(f, ServiceOverride.builder("mongo").removeEnv("NOPE").build()))
        .hasMessageContaining("'NOPE'")
        .hasMessageContaining("removeEnvironment");
    assertThatThrownBy(
            () -> render(f, ServiceOverride.builder("backend").removeEnv("NOPE").build()))
        .hasMessageContaining("'NOPE'");
    assertThatThrownBy(
            () -> render(f, ServiceOverride.builder("backend").removeVolume("/x:/y").build()))
        .hasMessageContaining("'/x:/y'")
        .hasMessageContaining("./backend:/app");
    // the compose file's volumes are named, a few of them, however many the file has
    Path many = dir.resolve("many.yaml");
    Files.writeString(
        many,
        "services:\n  a:\n    image: x\n    volumes:\n"
            + "      - ./src:/app\n".repeat(40)
            + "      - ./"
            + "d".repeat(5000)
            + ":/data\n");
    assertThatThrownBy(() -> render(many, ServiceOverride.builder("a").removeVolume("/x").build()))
        .hasMessageContaining("(volumes: ./src:/app, ./src:/app")
        .hasMessageContaining("and 31 more); fix <removeVolumes>.")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1000));
    assertThatThrownBy(
            () ->
                render(
                    f, ServiceOverride.builder("backend").removeVolumesContaining("zzz").build()))
        .hasMessageContaining("'zzz'");
    assertThatThrownBy(
            () -> render(f, ServiceOverride.builder("redis").removeHealthcheck().build()))
        .hasMessageContaining("redis")
        .hasMessageContaining("no healthcheck");
    assertThatThrownBy(
            () ->
                render(
                    f,
                    ServiceOverride.builder("backend")
                        .dependsOn("kafka", "service_started")
                        .build()))
        .hasMessageContaining("'kafka'");
    assertThatThrownBy(
            () ->
                render(f, ServiceOverride.builder("backend").dependsOn("mongo", "healthy").build()))
        .hasMessageContaining("'healthy'")
        .hasMessageContaining("service_healthy");
    assertThatThrownBy(
            () -> render(f, ServiceOverride.builder("redis").addVolume("${env.NOPE}/x:/x").build()))
        .hasMessageContaining("unresolved");
  }

  @Test
  void badYamlNamesTheFile() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "services:\n  a: [\n");
    assertThatThrownBy(() -> ComposeRenderer.render(List.of(f), List.of()))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("bad.yaml");
    // a tag whose value the constructor cannot read is bad YAML too, not a crash
    Files.writeString(f, "services:\n  a: {image: !!binary _}\n");
    assertThatThrownBy(() -> ComposeRenderer.render(List.of(f), List.of()))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("bad.yaml is not valid YAML: ")
        .hasMessageContaining("base64");
    // the parser quotes the input (here a 3,000-character tag): the message stays readable
    Files.writeString(f, "services:\n  a: !!binary" + "[".repeat(3000) + " x\n");
    assertThatThrownBy(() -> ComposeRenderer.render(List.of(f), List.of()))
        .hasMessageContaining("bad.yaml is not valid YAML: ")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(700));
    // a lone surrogate reads as YAML but cannot be written back
    Files.writeString(f, "services:\n  a: {image: \"x\\ud800\"}\n");
    assertThatThrownBy(() -> ComposeRenderer.render(List.of(f), List.of()))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("bad.yaml] cannot be written back as YAML");
    assertThatThrownBy(
            () -> ComposeRenderer.render(List.of(dir.resolve("missing.yaml")), List.of()))
        .hasMessageContaining("missing.yaml")
        .hasMessageContaining("does not exist");
  }

  private static void render(Path f, ServiceOverride o) throws Exception {
    ComposeRenderer.render(List.of(f), List.of(o));
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  @Test
  void overrideEnvironmentValuesAreReferencesAndKeysThatSanitiseAlikeGetTheirOwnVariable()
      throws Exception {
    Path f = devFile();
    List<ServiceOverride> o =
        List.of(
            ServiceOverride.builder("backend")
                .env("api.token", "t0ken-from-env-1")
                .env("API_TOKEN", "t0ken-from-env-2")
                .build());
    String y = ComposeRenderer.render(List.of(f), o).yaml();
    assertThat(y).doesNotContain("t0ken-from-env");
    assertThat((List<Object>) cast(service(y, "backend").get("environment")))
        .contains(
            "api.token=${BUILDGATE_ENV_1_API_TOKEN}", "API_TOKEN=${BUILDGATE_ENV_2_API_TOKEN}");
    assertThat(ComposeRenderer.environment(o))
        .containsExactly(
            Map.entry("BUILDGATE_ENV_1_API_TOKEN", "t0ken-from-env-1"),
            Map.entry("BUILDGATE_ENV_2_API_TOKEN", "t0ken-from-env-2"));
  }
}
