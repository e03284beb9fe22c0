package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

  @Test
  void tableIsSortedBySeverityAndEscaped() {
    List<Finding> findings =
        List.of(
            Finding.builder("ruff", "E501")
                .severity(Severity.LOW)
                .file("a.py")
                .line(3)
                .column(1)
                .message("a | b\nc <script> *x* `y`")
                .build(),
            Finding.builder("bandit", "B602")
                .severity(Severity.HIGH)
                .file("run|me.py")
                .line(9)
                .message("shell=True")
                .helpUri("https://bandit.readthedocs.io/b602 (x)")
                .build());

    String md = MarkdownReport.table(findings, 10);

    assertThat(md.split("\n", -1))
        .containsExactly(
            "| Severity | Tool | Rule | Location | Message |",
            "|---|---|---|---|---|",
            "| HIGH | bandit | [B602](https://bandit.readthedocs.io/b602%20%28x%29) | `run\\|me.py:9`"
                + " | shell=True |",
            "| LOW | ruff | E501 | `a.py:3:1` | a \\| b c &lt;script&gt; \\*x\\* \\`y\\` |",
            "");
    for (String row : md.split("\n")) {
      assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count())
          .as("cells in %s", row)
          .isEqualTo(6);
    }
  }

  @Test
  void rowsAreCapped() {
    List<Finding> many = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      many.add(Finding.builder("ruff", "E" + i).file("f.py").line(i).message("m" + i).build());
    }
    String md = MarkdownReport.table(many, 10);
    List<String> lines = md.lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("| MEDIUM"))).hasSize(10);
    assertThat(lines.get(lines.size() - 1)).isEqualTo("... and 15 more");
    assertThat(lines.get(2)).contains("`f.py:1`");
    assertThat(MarkdownReport.table(many, 0).lines().filter(l -> l.startsWith("| MEDIUM")))
        .hasSize(25);
    assertThat(MarkdownReport.table(many, 25)).doesNotContain("more");
  }

  @Test
  void emptyTable() {
    assertThat(MarkdownReport.table(List.of(), 5)).isEqualTo("No findings.\n");
  }
}
