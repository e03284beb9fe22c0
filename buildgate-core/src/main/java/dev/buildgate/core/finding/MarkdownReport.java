package dev.buildgate.core.finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table of findings, most severe first, for pipeline summaries and pull
 * request comments.
 */
public final class MarkdownReport {

  /** Most severe first, then file, line, column. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity, Comparator.reverseOrder())
          .thenComparing(ConsoleReport.ORDER);

  private MarkdownReport() {}

  /**
   * The table {@code | Severity | Tool | Rule | Location | Message |}, at most {@code maxRows}
   * rows, followed by a line {@code ... and N more} when rows were left out. {@code maxRows <= 0}
   * means no limit. Cell text is escaped so that pipes, newlines, HTML and Markdown markup in
   * messages cannot break the table. An empty list gives {@code No findings.}. The result ends with
   * a newline.
   */
  public static String table(List<Finding> findings, int maxRows) {
    if (findings.isEmpty()) {
      return "No findings.\n";
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    int rows = maxRows <= 0 ? sorted.size() : Math.min(maxRows, sorted.size());
    StringBuilder sb = new StringBuilder();
    sb.append("| Severity | Tool | Rule | Location | Message |\n");
    sb.append("|---|---|---|---|---|\n");
    for (int i = 0; i < rows; i++) {
      Finding f = sorted.get(i);
      sb.append("| ")
          .append(f.severity().name())
          .append(" | ")
          .append(escape(f.tool()))
          .append(" | ")
          .append(ruleCell(f))
          .append(" | ")
          .append(f.file() == null ? "" : code(f.location()))
          .append(" | ")
          .append(escape(f.message()))
          .append(" |\n");
    }
    int more = sorted.size() - rows;
    if (more > 0) {
      sb.append('\n').append("... and ").append(more).append(" more\n");
    }
    return sb.toString();
  }

  private static String ruleCell(Finding f) {
    String id = escape(f.ruleId());
    String uri = f.helpUri();
    if (uri != null && (uri.startsWith("https://") || uri.startsWith("http://"))) {
      return "["
          + id
          + "]("
          + uri.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
          + ")";
    }
    return id;
  }

  /** Inline code for a location; backticks inside are replaced so the span cannot break. */
  private static String code(String text) {
    return "`" + text.replace("`", "'").replace("|", "\\|") + "`";
  }

  /**
   * Escapes text for one Markdown table cell: newlines become spaces, pipes and Markdown markup
   * characters are backslash-escaped, {@code <}, {@code >} and {@code &} become HTML entities.
   */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    String s = Finding.normalizeText(text);
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '|':
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
          sb.append('\\').append(c);
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '&':
          sb.append("&amp;");
          break;
        default:
          sb.append(c);
      }
    }
    return sb.toString();
  }
}
