package dev.buildgate.quality;

import dev.buildgate.core.io.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * Exclude patterns as users write them ({@code tests/}, {@code **}{@code /migrations/*.py}, {@code
 * app/generated.py}), relative to the analyzer's working directory, in the forms each tool
 * understands. Matching in Java is {@link Glob#orBelow}: a pattern excludes the path and everything
 * below it.
 */
public final class Globs {
  private Globs() {}

  private static String dir(String glob) {
    String p = Glob.normalize(glob);
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** mypy's {@code --exclude} takes a regex searched in the path. */
  public static String toMypyRegex(String glob) {
    return "^(\\./)?" + Glob.toRegex(dir(glob)) + "(/|$)";
  }

  /**
   * Bandit matches {@code -x} entries against paths as it walks them ({@code ./tests/x.py} when the
   * target is {@code .}): give it the forms that match.
   */
  public static List<String> toBanditExcludes(String glob) {
    String p = dir(glob);
    List<String> out = new ArrayList<>();
    out.add("./" + p);
    out.add(p);
    return out;
  }
}
