package dev.buildgate.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Exclude patterns as users write them ({@code tests/}, {@code **}{@code /migrations/*.py}, {@code
 * app/generated.py}), relative to the analyzer's working directory: matching in Java and the
 * equivalents each tool understands.
 */
public final class Globs {
  private Globs() {}

  /** Normalised pattern: no leading {@code ./} or {@code /}, a trailing {@code /} means below. */
  public static String normalize(String glob) {
    String p = glob.trim().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  /**
   * A regex over {@code /}-separated relative paths: {@code **} any directories, {@code *} any
   * characters but {@code /}, {@code ?} one; a pattern matches the path itself and everything below
   * it (so {@code tests} and {@code tests/} exclude the directory).
   */
  public static Pattern compile(String glob) {
    String p = normalize(glob);
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return Pattern.compile(body(p) + "(?:/.*)?");
  }

  private static String body(String p) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*') {
        if (i + 1 < p.length() && p.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < p.length() && p.charAt(i + 1) == '/') {
            i++;
            sb.append("(?:.*/)?");
          } else {
            sb.append(".*");
          }
        } else {
          sb.append("[^/]*");
        }
      } else if (c == '?') {
        sb.append("[^/]");
      } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** mypy's {@code --exclude} takes a regex searched in the path. */
  public static String toMypyRegex(String glob) {
    String p = normalize(glob);
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return "^(\\./)?" + body(p) + "(/|$)";
  }

  /**
   * Bandit matches {@code -x} entries against paths as it walks them ({@code ./tests/x.py} when the
   * target is {@code .}): give it the forms that match.
   */
  public static List<String> toBanditExcludes(String glob) {
    String p = normalize(glob);
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    List<String> out = new ArrayList<>();
    out.add("./" + p);
    out.add(p);
    return out;
  }
}
