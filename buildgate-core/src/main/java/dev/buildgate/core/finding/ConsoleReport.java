package dev.buildgate.core.finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Console lines for findings in the compiler style IDEs and terminals make clickable: {@code
 * path:line:col: SEVERITY [tool rule] message}. Lines are grouped by file (files in path order,
 * findings without a file last) and sorted by line and column within a file.
 */
public final class ConsoleReport {

  /** Orders findings by file (no file last), line, column, then severity (most severe first). */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::file, Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparingInt(Finding::line)
          .thenComparingInt(Finding::column)
          .thenComparing(Finding::severity, Comparator.reverseOrder())
          .thenComparing(Finding::tool)
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::message);

  private ConsoleReport() {}

  /**
   * One line per finding, e.g. {@code app/main.py:12:5: HIGH [bandit B602] subprocess call with
   * shell=True}. Unknown line or column are left out ({@code app/main.py: HIGH ...}); a finding
   * without a file starts with {@code <tool>:}. Newlines in messages are folded into spaces.
   */
  public static List<String> lines(List<Finding> findings) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    List<String> out = new ArrayList<>(sorted.size());
    for (Finding f : sorted) {
      out.add(line(f));
    }
    return out;
  }

  /** The console line of one finding. */
  public static String line(Finding f) {
    StringBuilder sb = new StringBuilder();
    sb.append(f.file() != null ? f.location() : f.tool()).append(": ");
    sb.append(f.severity().name())
        .append(" [")
        .append(f.tool())
        .append(' ')
        .append(f.ruleId())
        .append("] ")
        .append(Finding.normalizeText(f.message()));
    return sb.toString();
  }

  /**
   * A one-line summary such as {@code 3 findings: 1 HIGH, 2 MEDIUM} or {@code No findings}, most
   * severe first.
   */
  public static String summary(List<Finding> findings) {
    if (findings.isEmpty()) {
      return "No findings";
    }
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (Finding f : findings) {
      counts.merge(f.severity(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    Severity[] all = Severity.values();
    for (int i = all.length - 1; i >= 0; i--) {
      Integer n = counts.get(all[i]);
      if (n != null) {
        parts.add(n + " " + all[i].name());
      }
    }
    return findings.size()
        + (findings.size() == 1 ? " finding: " : " findings: ")
        + String.join(", ", parts);
  }
}
