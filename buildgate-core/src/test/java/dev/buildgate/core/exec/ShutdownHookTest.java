package dev.buildgate.core.exec;

import static dev.buildgate.core.exec.ProcessTestSupport.alive;
import static dev.buildgate.core.exec.ProcessTestSupport.killAll;
import static dev.buildgate.core.exec.ProcessTestSupport.pids;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits while a process tree runs (Ctrl-C on Maven) takes the tree with it, including a
 * child that double-forked out of the tree.
 */
class ShutdownHookTest {

  @TempDir Path tmp;
  private final List<Long> leftovers = new ArrayList<>();

  @AfterEach
  void cleanup() {
    killAll(leftovers);
  }

  @Test
  void processTreeDiesWithTheJvm() throws Exception {
    Path pidFile = tmp.resolve("pids");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        Path.of(
                LocalProcessRunner.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            + File.pathSeparator
            + Path.of(
                ShutdownHookMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    ProcessResult r =
        new LocalProcessRunner()
            .run(
                ProcessSpec.builder(
                        java,
                        "-Xshare:auto",
                        "-cp",
                        classpath,
                        ShutdownHookMain.class.getName(),
                        pidFile.toString())
                    .timeout(Duration.ofMinutes(2))
                    .build());

    assertThat(r.exitCode()).as(r.outputTail(20)).isZero();
    List<Long> pids = pids(pidFile);
    leftovers.addAll(pids);
    assertThat(pids).as("the shell, its child and a double-forked sleep").hasSize(3);
    // SIGKILL was sent by the hook; give the kernel a moment to tear the processes down
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (pids.stream().anyMatch(ProcessTestSupport::alive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %s alive", pid).isFalse());
  }
}
