package dev.buildgate.core.ci;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CI system's environment variables (blank values count as not set) and the small parsing helpers
 * the providers share.
 */
final class CiEnv {

  /** A pull request's ref: {@code refs/pull/N/merge} or {@code refs/pull/N/head}. */
  static final Pattern PR_MERGE_REF = Pattern.compile("refs/pull/(\\d+)/(?:merge|head)");

  /** A commit id of 7 to 64 hexadecimal characters. */
  static final Pattern HEX_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

  private final Map<String, String> env;

  CiEnv(Map<String, String> env) {
    this.env = env == null ? Map.of() : env;
  }

  /** The trimmed value, or null when unset or blank. */
  String val(String key) {
    return CiContext.blankToNull(env.get(key));
  }

  /** The trimmed value in lower case, or null when unset or blank. */
  String lower(String key) {
    String t = val(key);
    return t == null ? null : t.toLowerCase(Locale.ROOT);
  }

  /** True when the value is {@code true} (any case) or {@code 1}. */
  boolean isTrue(String key) {
    String s = env.get(key);
    return s != null && (s.trim().equalsIgnoreCase("true") || s.trim().equals("1"));
  }

  /** True when the variable is set and not blank. */
  boolean present(String key) {
    String s = env.get(key);
    return s != null && !s.isBlank();
  }

  /** The first of the keys that is set, or null. */
  String firstPresentKey(String... keys) {
    for (String k : keys) {
      if (val(k) != null) {
        return k;
      }
    }
    return null;
  }

  /**
   * The pull request number in the variable {@code key} (null when the key is null or the variable
   * unset); a value that is not a positive number gives null and records the one-line error in
   * {@code f} (the first one wins).
   */
  Integer pullRequestNumber(String key, CiFields f) {
    if (key == null) {
      return null;
    }
    String value = val(key);
    Integer n = parsePositive(value);
    if (n == null && value != null && f.invalidPullRequest == null) {
      f.invalidPullRequest =
          "CI variable "
              + key
              + "='"
              + value
              + "' is not a pull request number: set "
              + CiDetector.PULL_REQUEST
              + "=<number> (or "
              + CiDetector.EVENT
              + "=push)";
    }
    return n;
  }

  /** A positive number of at most nine digits, else null. */
  static Integer parsePositive(String s) {
    if (s == null || !s.trim().matches("\\d{1,9}")) {
      return null;
    }
    int n = Integer.parseInt(s.trim());
    return n > 0 ? n : null;
  }

  /** The owner part of {@code owner/name} (all but the last segment), or null. */
  static String ownerOf(String repository) {
    if (repository == null) {
      return null;
    }
    int slash = repository.lastIndexOf('/');
    return slash > 0 ? repository.substring(0, slash) : null;
  }

  /** The first value that is not blank, trimmed; null when there is none. */
  static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** The branch of a {@code refs/heads/} ref; other values unchanged. */
  static String stripHeads(String ref) {
    return ref != null && ref.startsWith("refs/heads/") ? ref.substring(11) : ref;
  }
}
