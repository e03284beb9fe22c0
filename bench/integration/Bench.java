import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.integration.ServiceOverride;
import dev.buildgate.integration.Stack;
import dev.buildgate.integration.StackConfig;
import dev.buildgate.integration.StackState;
import dev.buildgate.integration.WaitSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the integration domain code (no Maven) against a real five-service stack:
 * lag = time up() returned - time the endpoint started answering (printed by the server);
 * down = Stack.down() (logs collection + compose down -v), also split into both parts.
 */
public class Bench {
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path stackDir = Path.of("stack").toAbsolutePath();
    Path out = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("bg-bench-");
    GateLog quiet =
        new GateLog() {
          @Override
          public void info(String line) {
            if (line.startsWith("ready:") || line.startsWith("logs of") || line.contains("removed in")) {
              System.out.println("    " + line);
            }
          }

          @Override
          public void warn(String line) {
            System.out.println("    WARN " + line);
          }
        };
    List<Long> lags = new ArrayList<>();
    List<Long> downs = new ArrayList<>();
    try (DockerEngine engine = DockerEngine.connect(System.getenv())) {
      for (int i = 0; i < runs; i++) {
        // vary the endpoint's start-up time so readiness falls at different points of the back-off
        String delay = String.valueOf(1.0 + (i * 0.37) % 2.0);
        StackConfig cfg =
            new StackConfig(
                out.resolve("run" + i),
                List.of(stackDir.resolve("docker-compose.yaml")),
                stackDir,
                List.of(ServiceOverride.builder("web").env("DELAY", delay).build()),
                null,
                "dev.buildgate.bench:integration",
                null,
                false,
                "never",
                Duration.ofMinutes(2),
                List.of(WaitSpec.http("http://web:8080/", false, 200, 200, null)),
                Duration.ofSeconds(60),
                Duration.ofMillis(100),
                null,
                Duration.ofMinutes(2),
                20,
                false,
                true,
                "docker",
                Map.of());
        Stack stack = new Stack(cfg, engine, new LocalProcessRunner(), quiet);
        System.out.println("run " + (i + 1) + "/" + runs + " (endpoint delay " + delay + " s)");
        StackState st = stack.up();
        long returned = System.currentTimeMillis();
        String logs = engine.logs(findWeb(engine, st.project()), 50, Duration.ofSeconds(10));
        Matcher m = Pattern.compile("READY_AT=(\\d+)").matcher(logs);
        if (!m.find()) {
          throw new IllegalStateException("no READY_AT in web log: " + logs);
        }
        long lag = returned - Long.parseLong(m.group(1));
        lags.add(lag);
        System.out.println("  endpoint ready -> up returned: " + lag + " ms");
        long t0 = System.nanoTime();
        stack.down();
        long down = (System.nanoTime() - t0) / 1_000_000;
        downs.add(down);
        System.out.println("  down (logs + compose down -v, five services): " + down + " ms");
      }
    }
    System.out.println();
    System.out.println("ready->up lag ms: " + stats(lags));
    System.out.println("down ms:          " + stats(downs));
  }

  private static String findWeb(DockerEngine engine, String project) throws Exception {
    for (var c : engine.containersByLabel("com.docker.compose.project", project)) {
      if ("web".equals(c.labels().get("com.docker.compose.service"))) {
        return c.id();
      }
    }
    throw new IllegalStateException("no web container");
  }

  private static String stats(List<Long> v) {
    List<Long> s = new ArrayList<>(v);
    Collections.sort(s);
    long sum = 0;
    for (long x : s) {
      sum += x;
    }
    return "min " + s.get(0) + ", median " + s.get(s.size() / 2) + ", max " + s.get(s.size() - 1)
        + ", mean " + (sum / s.size()) + " (n=" + s.size() + ") " + v;
  }
}
