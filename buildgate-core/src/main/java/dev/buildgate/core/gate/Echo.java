package dev.buildgate.core.gate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Content from a repository or the network, echoed in a one-line error message: its first line, cut
 * to a length a user can read, so a hostile or broken input cannot make the message itself
 * unreadable.
 */
public final class Echo {
  /** Items named in {@link #list}; the rest are counted. */
  static final int MAX_ITEMS = 10;

  /** Characters kept of each item in {@link #list}. */
  static final int MAX_ITEM_CHARS = 60;

  private Echo() {}

  /**
   * The first line of {@code text}, stripped, cut to {@code max} characters ("..." marks a cut).
   */
  public static String of(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("").strip();
    return line.length() > max ? line.substring(0, max) + "..." : line;
  }

  /**
   * {@code a, b, c}: at most {@value #MAX_ITEMS} items, each {@link #of} cut, then "and N more".
   */
  public static String list(Collection<?> items) {
    List<String> shown = new ArrayList<>();
    for (Object item : items) {
      if (shown.size() == MAX_ITEMS) {
        break;
      }
      shown.add(of(String.valueOf(item), MAX_ITEM_CHARS));
    }
    int more = items.size() - shown.size();
    return String.join(", ", shown) + (more > 0 ? ", and " + more + " more" : "");
  }
}
