package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryAtExitTest {

  private static final List<String> SUMMARY =
      List.of(
          "# Buildgate pipeline summary",
          "",
          "**Result:** ❌ failed",
          "",
          "| Step | Status |",
          "|---|---|",
          "| Lint (ruff) | ✅ passed |",
          "| Images | ❌ failed |",
          "",
          "## ✅ Lint (ruff)",
          "",
          "| file | line |",
          "|---|---|");

  @Test
  void keepsTheResultAndTheStatusTableOnly() {
    assertThat(SummaryAtExit.statusLines(SUMMARY))
        .containsExactly(
            "Result: ❌ failed",
            "| Step | Status |",
            "| Lint (ruff) | ✅ passed |",
            "| Images | ❌ failed |");
  }

  @Test
  void printsTheTableOrNothingWhenNoSummaryWasWritten(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    SummaryAtExit.print(dir.resolve("summary.md"), out);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();

    Files.write(dir.resolve("summary.md"), SUMMARY, StandardCharsets.UTF_8);
    SummaryAtExit.print(dir.resolve("summary.md"), out);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .startsWith("[INFO] Buildgate pipeline summary (")
        .contains("[INFO]   | Images | ❌ failed |")
        .doesNotContain("| file | line |");
  }
}
