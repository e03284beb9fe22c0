package dev.buildgate.integration.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify writes its own summary section and fails on a failed run. */
class TestVerificationTest {
  @TempDir Path dir;

  private TestVerification verification() {
    return new TestVerification(
        dir.resolve("integration/result.json"),
        dir,
        "app",
        GateLog.stderr("[buildgate integration]"));
  }

  private StackUpToDate upToDate() {
    return new StackUpToDate(dir.resolve("integration"), dir.resolve("state"), "build-1");
  }

  private String summary() throws Exception {
    return Files.readString(dir.resolve(PipelineSummary.FILE_NAME));
  }

  @Test
  void aFailedRunFailsAndIsInTheSummary() throws Exception {
    new TestResult(List.of("pytest"), 1, false, null, 1200, List.of(), null, "p", "logs")
        .write(dir.resolve("integration/result.json"));
    assertThatThrownBy(() -> verification().verify(upToDate(), null))
        .isInstanceOf(GateFailedException.class)
        .hasMessageStartingWith("integration tests failed: ")
        .hasMessageEndingWith("; stack logs in logs");
    assertThat(summary()).contains("Integration tests (app)").contains("`pytest`");
  }

  @Test
  void aPassingRunPassesAndASkipSaysWhy() throws Exception {
    new TestResult(List.of("pytest"), 0, false, null, 1200, List.of(), null, "p", "logs")
        .write(dir.resolve("integration/result.json"));
    verification().verify(upToDate(), null);
    assertThat(summary()).contains("- result: ");
    verification().skipped("skipITs");
    assertThat(summary()).contains("Integration tests SKIPPED (-DskipITs)");
  }
}
