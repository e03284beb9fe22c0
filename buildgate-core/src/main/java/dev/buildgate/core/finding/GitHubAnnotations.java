package dev.buildgate.core.finding;

import dev.buildgate.core.ci.GitHubWorkflow;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GitHub Actions annotations ({@code ::error file=…,line=…,col=…,title=…::message}) for new
 * findings, capped the way GitHub caps them: a step shows at most {@value #PER_KIND} error, {@value
 * #PER_KIND} warning and {@value #PER_KIND} notice annotations (and a job 50), and drops the rest
 * without a word. The budget is per JVM (one Maven run is one step) and shared by every plugin:
 * each plugin has its own class realm, so the counters live in the JVM's system properties. Most
 * severe findings are annotated first; callers say how many were left out and where they are.
 */
public final class GitHubAnnotations {

  /** Annotations of one kind GitHub shows per step. */
  public static final int PER_KIND = 10;

  static final String BUDGET_PREFIX = "buildgate.github.annotations.";

  private static final Comparator<Finding> SEVERE_FIRST =
      Comparator.comparing(Finding::severity, Comparator.reverseOrder())
          .thenComparing(ConsoleReport.ORDER);

  private GitHubAnnotations() {}

  /**
   * Prints annotations for {@code findings} to {@code out}, most severe first, as far as the step's
   * budget goes.
   *
   * @return how many findings were not annotated (budget spent)
   */
  public static int print(PrintStream out, List<Finding> findings) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(SEVERE_FIRST);
    int left = 0;
    for (Finding f : sorted) {
      String kind = kind(f);
      if (take(kind)) {
        synchronized (out) {
          out.println(line(f));
        }
      } else {
        left++;
      }
    }
    out.flush();
    return left;
  }

  /**
   * Prints one annotation not tied to a finding (e.g. an image that failed its scan) if the budget
   * of {@code kind} allows.
   *
   * @param kind {@code error}, {@code warning} or {@code notice}
   * @return true when printed
   */
  public static boolean print(PrintStream out, String kind, String title, String message) {
    if (!take(kind)) {
      return false;
    }
    synchronized (out) {
      out.println(
          "::"
              + kind
              + " title="
              + GitHubWorkflow.property(title)
              + "::"
              + GitHubWorkflow.data(message));
      out.flush();
    }
    return true;
  }

  /** The annotation kind of a finding: its SARIF level ({@code note} is {@code notice}). */
  static String kind(Finding f) {
    String level = f.severity().sarifLevel();
    return "note".equals(level) ? "notice" : level;
  }

  /** The workflow command of one finding. */
  static String line(Finding f) {
    StringBuilder sb = new StringBuilder("::").append(kind(f)).append(' ');
    if (f.file() != null && !SarifWriter.isAbsolute(f.file())) {
      sb.append("file=").append(GitHubWorkflow.property(f.file())).append(',');
      if (f.line() > 0) {
        sb.append("line=").append(f.line()).append(',');
        if (f.column() > 0) {
          sb.append("col=").append(f.column()).append(',');
        }
      }
    }
    sb.append("title=").append(GitHubWorkflow.property(f.tool() + " " + f.ruleId()));
    String message = f.message().isBlank() ? f.ruleId() : f.message().strip();
    return sb.append("::").append(GitHubWorkflow.data(message)).toString();
  }

  /** Takes one annotation of {@code kind} from the JVM-wide budget. */
  private static boolean take(String kind) {
    String key = BUDGET_PREFIX + kind;
    java.util.Properties props = System.getProperties();
    synchronized (props) {
      int used;
      try {
        used = Integer.parseInt(props.getProperty(key, "0"));
      } catch (NumberFormatException e) {
        used = PER_KIND;
      }
      if (used >= PER_KIND) {
        return false;
      }
      props.setProperty(key, String.valueOf(used + 1));
      return true;
    }
  }

  /** Forgets what was printed (tests: each test is a new step). */
  static void resetBudget() {
    for (String kind : List.of("error", "warning", "notice")) {
      System.clearProperty(BUDGET_PREFIX + kind);
    }
  }
}
