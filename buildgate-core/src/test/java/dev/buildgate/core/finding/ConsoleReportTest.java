package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReportTest {

  static Finding f(String tool, String rule, Severity s, String file, int line, int col, String m) {
    return Finding.builder(tool, rule)
        .severity(s)
        .file(file)
        .line(line)
        .column(col)
        .message(m)
        .build();
  }

  @Test
  void groupedByFileSortedByLineAndClickable() {
    List<Finding> findings =
        List.of(
            f("ruff", "E501", Severity.LOW, "b.py", 20, 121, "Line too long"),
            f("mypy", "arg-type", Severity.HIGH, "a.py", 7, 0, "Argument 1 has\nincompatible type"),
            f("ruff", "F401", Severity.MEDIUM, "b.py", 2, 8, "`os` imported but unused"),
            f("trivy", "CVE-2024-1", Severity.CRITICAL, null, 0, 0, "openssl 3.0.1"),
            f("ruff", "F841", Severity.MEDIUM, "a.py", 7, 0, "unused variable"),
            f("bandit", "B101", Severity.LOW, "a.py", 0, 0, "assert used"));

    assertThat(ConsoleReport.lines(findings))
        .containsExactly(
            "a.py: LOW [bandit B101] assert used",
            "a.py:7: HIGH [mypy arg-type] Argument 1 has incompatible type",
            "a.py:7: MEDIUM [ruff F841] unused variable",
            "b.py:2:8: MEDIUM [ruff F401] `os` imported but unused",
            "b.py:20:121: LOW [ruff E501] Line too long",
            "trivy: CRITICAL [trivy CVE-2024-1] openssl 3.0.1");
  }

  @Test
  void summary() {
    assertThat(ConsoleReport.summary(List.of())).isEqualTo("No findings");
    assertThat(
            ConsoleReport.summary(
                List.of(
                    f("a", "1", Severity.MEDIUM, "x", 1, 1, "m"),
                    f("a", "2", Severity.HIGH, "x", 1, 1, "m"),
                    f("a", "3", Severity.MEDIUM, "x", 1, 1, "m"))))
        .isEqualTo("3 findings: 1 HIGH, 2 MEDIUM");
    assertThat(ConsoleReport.summary(List.of(f("a", "1", Severity.INFO, "x", 1, 1, "m"))))
        .isEqualTo("1 finding: 1 INFO");
  }
}
