package dev.buildgate.core.io;

import java.util.regex.Pattern;

/**
 * A path glob over {@code /}-separated relative paths: {@code **} matches any number of directories
 * (including none), {@code *} any characters except {@code /}, {@code ?} one character except
 * {@code /}. A pattern ending in {@code /} is treated as {@code <pattern>**}. Immutable.
 *
 * <p>The one glob matcher of the build: fingerprints' include/exclude sets use it, and so should
 * every other option that takes {@code /}-separated relative path globs. (Not the JDK's {@code
 * glob:} syntax, where {@code **}{@code /*.py} does not match a top-level {@code a.py}.)
 */
public final class Glob {

  private final String pattern;
  private final Pattern regex;
  private final Pattern dirPrefix; // for "x/**" patterns: matches directories pruned entirely

  /**
   * Compiles a pattern.
   *
   * @param pattern the glob; {@code \} counts as {@code /}, a leading {@code ./} or {@code /} is
   *     dropped
   * @throws IllegalArgumentException when the pattern is empty
   */
  public Glob(String pattern) {
    this(normalize(pattern), false);
  }

  private Glob(String p, boolean orBelow) {
    if (p.endsWith("/")) {
      p = orBelow ? p.substring(0, p.length() - 1) : p + "**";
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("empty glob pattern");
    }
    this.pattern = p;
    this.regex = Pattern.compile(toRegex(p) + (orBelow ? "(?:/.*)?" : ""));
    if (orBelow) {
      this.dirPrefix = regex; // a matching directory: everything below it matches too
    } else if (p.endsWith("/**") && p.length() > 3) {
      this.dirPrefix = Pattern.compile(toRegex(p.substring(0, p.length() - 3)));
    } else {
      this.dirPrefix = null;
    }
  }

  /**
   * A pattern that matches a path and everything below it, as exclude options are written ({@code
   * tests}, {@code tests/} and {@code tests/**} all exclude the directory {@code tests}).
   *
   * @param pattern the glob, normalized as by {@link #Glob(String)}
   * @return the glob
   * @throws IllegalArgumentException when the pattern is empty
   */
  public static Glob orBelow(String pattern) {
    return new Glob(normalize(pattern), true);
  }

  /**
   * A pattern as users write it, with {@code \} as {@code /} and without a leading {@code ./} or
   * {@code /}.
   *
   * @param pattern the glob
   * @return the normalized text
   */
  public static String normalize(String pattern) {
    String p = pattern.trim().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p;
  }

  /** The normalized pattern (without the "or below" of {@link #orBelow}). */
  public String pattern() {
    return pattern;
  }

  /** Returns whether a relative file path matches. */
  public boolean matches(String relativePath) {
    return regex.matcher(relativePath).matches();
  }

  /** Returns whether everything under a relative directory path matches (so it can be pruned). */
  public boolean matchesWholeDirectory(String relativeDir) {
    if (pattern.equals("**")) {
      return true;
    }
    return dirPrefix != null && dirPrefix.matcher(relativeDir).matches();
  }

  /**
   * The regular expression of a normalized glob (for tools that take regular expressions).
   *
   * @param glob the normalized glob
   * @return a regular expression matching the same paths
   */
  public static String toRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    int n = glob.length();
    while (i < n) {
      char c = glob.charAt(i);
      if (c == '*') {
        boolean doubleStar = i + 1 < n && glob.charAt(i + 1) == '*';
        if (doubleStar) {
          boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
          boolean followedBySlash = i + 2 < n && glob.charAt(i + 2) == '/';
          if (atSegmentStart && followedBySlash) {
            sb.append("(?:.*/)?"); // "**/": zero or more directories
            i += 3;
          } else {
            sb.append(".*");
            i += 2;
          }
        } else {
          sb.append("[^/]*");
          i++;
        }
      } else if (c == '?') {
        sb.append("[^/]");
        i++;
      } else {
        if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
          sb.append('\\');
        }
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
