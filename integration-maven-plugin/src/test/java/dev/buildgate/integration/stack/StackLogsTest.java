package dev.buildgate.integration.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What integration:down keeps of a stack, collected in-process from a stand-in daemon. */
class StackLogsTest {
  @TempDir Path tmp;
  final RecordingLog log = new RecordingLog();
  final List<String> lines = log.lines;

  static String inspect(String id, String name, String service, String state, int exit) {
    return "{\"Id\":\""
        + id
        + "\",\"Name\":\"/"
        + name
        + "\",\"State\":{\"Status\":\""
        + state
        + "\",\"ExitCode\":"
        + exit
        + ",\"Health\":{\"Status\":\"healthy\"}},\"Config\":{\"Labels\":{"
        + "\"com.docker.compose.service\":\""
        + service
        + "\"}},\"NetworkSettings\":{\"Ports\":{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\","
        + "\"HostPort\":\"49153\"}],\"9/udp\":null}}}";
  }

  @Test
  void collectsLogsInspectEventsAndPs_withoutAProcess() throws Exception {
    try (FakeDaemon d = new FakeDaemon(tmp)) {
      d.fallback =
          p -> {
            if (p.startsWith("/containers/json?all=1&filters=")) {
              return FakeDaemon.Answer.json(
                  200, "[{\"Id\":\"w2\"},{\"Id\":\"w1\"},{\"Id\":\"db\"},{\"Id\":\"gone\"}]");
            }
            if (p.startsWith("/events?since=99&until=")) {
              return FakeDaemon.Answer.json(200, "{\"status\":\"start\",\"id\":\"w1\"}\n");
            }
            return FakeDaemon.Answer.json(404, "{\"message\":\"no such container\"}");
          };
      d.answers.put(
          "/containers/w1/json",
          FakeDaemon.Answer.json(200, inspect("w1", "p-web-1", "web", "running", 0)));
      d.answers.put(
          "/containers/w2/json",
          FakeDaemon.Answer.json(200, inspect("w2", "p-web-2", "web", "running", 0)));
      d.answers.put(
          "/containers/db/json",
          FakeDaemon.Answer.json(200, inspect("db", "p-db-1", "db", "exited", 3)));
      String logs = "/logs?stdout=1&stderr=1&timestamps=1";
      d.answers.put(
          "/containers/w1" + logs,
          new FakeDaemon.Answer(
              200,
              "x",
              FakeDaemon.frames(
                  1,
                  "2026-01-01T00:00:01.000000000Z web1 a\n",
                  2,
                  "2026-01-01T00:00:04.000000000Z web1 b\n"),
              0));
      d.answers.put(
          "/containers/w2" + logs,
          new FakeDaemon.Answer(
              200, "x", FakeDaemon.frames(1, "2026-01-01T00:00:02.000000000Z web2 a\n"), 0));
      d.answers.put(
          "/containers/db" + logs,
          new FakeDaemon.Answer(
              200,
              "x",
              FakeDaemon.frames(
                  1, "2026-01-01T00:00:00.500000000Z db a\n2026-01-01T00:00:03.000000000Z db b\n"),
              0));

      Path dir = tmp.resolve("logs");
      Files.createDirectories(dir);
      int services = new StackLogs(d.api(), log).collect("p", 100_000L, dir);

      assertThat(services).isEqualTo(2);
      assertThat(Files.readString(dir.resolve("web.log")))
          .isEqualTo(
              "2026-01-01T00:00:01.000000000Z web1 a\n2026-01-01T00:00:04.000000000Z web1 b\n"
                  + "2026-01-01T00:00:02.000000000Z web2 a\n");
      assertThat(Files.readString(dir.resolve("db.log"))).contains("db a").contains("db b");
      assertThat(Files.readAllLines(dir.resolve("stack.log")))
          .containsExactly(
              "db-1  | 2026-01-01T00:00:00.500000000Z db a",
              "web-1 | 2026-01-01T00:00:01.000000000Z web1 a",
              "web-2 | 2026-01-01T00:00:02.000000000Z web2 a",
              "db-1  | 2026-01-01T00:00:03.000000000Z db b",
              "web-1 | 2026-01-01T00:00:04.000000000Z web1 b");
      assertThat(Files.readString(dir.resolve("events.jsonl"))).contains("\"start\"");
      ObjectMapper json = new ObjectMapper();
      assertThat(json.readTree(dir.resolve("inspect.json").toFile())).hasSize(3);
      assertThat(
              json.readTree(dir.resolve("inspect/p-db-1.json").toFile())
                  .path("State")
                  .path("ExitCode")
                  .asInt())
          .isEqualTo(3);
      var ps = json.readTree(dir.resolve("ps.json").toFile());
      assertThat(ps.get(0).path("name").asText()).isEqualTo("p-db-1");
      assertThat(ps.get(0).path("exitCode").asInt()).isEqualTo(3);
      assertThat(ps.get(1).path("ports").get(0).path("hostPort").asInt()).isEqualTo(49153);
      try (var left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(
                "web.log",
                "db.log",
                "stack.log",
                "events.jsonl",
                "inspect.json",
                "inspect",
                "ps.json");
      }
      assertThat(lines).noneMatch(l -> l.startsWith("WARN"));
      // the events end now: no waiting for a time in the future
      String events =
          d.requests.stream().filter(r -> r.startsWith("/events")).findFirst().orElseThrow();
      double until = Double.parseDouble(events.replaceAll(".*until=([0-9.]+)&.*", "$1"));
      assertThat(until).isLessThanOrEqualTo(System.currentTimeMillis() / 1000.0);
    }
  }

  @Test
  void aStackWithoutContainers_collectsNothing() throws Exception {
    try (FakeDaemon d = new FakeDaemon(tmp)) {
      d.fallback = p -> FakeDaemon.Answer.json(200, "[]");
      Path dir = tmp.resolve("logs");
      Files.createDirectories(dir);
      assertThat(new StackLogs(d.api(), log).collect("p", 0, dir)).isZero();
      try (var left = Files.list(dir)) {
        assertThat(left).isEmpty();
      }
    }
  }
}
