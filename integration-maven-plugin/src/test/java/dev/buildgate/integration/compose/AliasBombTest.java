package dev.buildgate.integration.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.integration.IntegrationConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compose file with nine levels of nested anchors (issue 15, item 4). */
class AliasBombTest {

  @TempDir Path tmp;

  /** Nine anchors, each a list of nine aliases of the previous one: 9^9 strings when expanded. */
  static String bomb() {
    StringBuilder sb = new StringBuilder("x-lol:\n");
    sb.append("  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    String prev = "a";
    for (char c = 'b'; c <= 'i'; c++) {
      sb.append("  ").append(c).append(": &").append(c).append(" [");
      for (int k = 0; k < 9; k++) {
        sb.append(k == 0 ? "" : ", ").append('*').append(prev);
      }
      sb.append("]\n");
      prev = String.valueOf(c);
    }
    return sb + "services:\n  web:\n    image: busybox\n    command: *i\n";
  }

  @Test
  void theBombIsRefusedWithOneLineNamingTheFile() throws Exception {
    Path f = Files.writeString(tmp.resolve("docker-compose.yaml"), bomb());
    long start = System.nanoTime();
    assertThatThrownBy(() -> ComposeRenderer.render(List.of(f), List.of()))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("alias")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
  }

  @Test
  void theBombFailsFastUnderASmallHeap() throws Exception {
    Path f = Files.writeString(tmp.resolve("docker-compose.yaml"), bomb());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                AliasBombMain.class.getName(),
                f.toString())
            .redirectErrorStream(true)
            .start();
    try {
      boolean done = p.waitFor(60, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as("finished within 60 s").isTrue();
      assertThat(out).as(out).startsWith("REFUSED compose file " + f);
      assertThat(out.strip().lines().count()).as(out).isEqualTo(1);
      assertThat(p.exitValue()).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void ordinaryAnchorsAndMergeKeysStillWork() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("docker-compose.yaml"),
            "x-common: &common\n  restart: unless-stopped\n  environment: {A: '1'}\n"
                + "services:\n"
                + "  web:\n    <<: *common\n    image: busybox\n"
                + "  worker:\n    <<: *common\n    image: busybox\n");
    assertThat(ComposeRenderer.render(List.of(f), List.of()).yaml())
        .contains("restart: unless-stopped");
  }

  @Test
  void deepNestingIsRefused() throws Exception {
    String deep =
        "services:\n  web:\n    image: busybox\n    labels: "
            + "[".repeat(500)
            + "]".repeat(500)
            + "\n";
    Path f = Files.writeString(tmp.resolve("docker-compose.yaml"), deep);
    assertThatThrownBy(() -> ComposeRenderer.render(List.of(f), List.of()))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining(f.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
