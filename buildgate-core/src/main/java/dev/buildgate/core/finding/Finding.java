package dev.buildgate.core.finding;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One problem reported by an analyser or scanner.
 *
 * <p>{@code file} is repository-relative with {@code '/'} separators (normalised on construction;
 * {@code null} when the finding has no source location, e.g. a vulnerability in an image layer).
 * {@code line} and {@code column} are 1-based, {@code 0} meaning unknown. The {@code fingerprint}
 * identifies the finding across runs: it is the SHA-256 of tool, rule, normalised file and
 * normalised message (or snippet) and deliberately excludes line and column so that code moving up
 * or down keeps the finding recognised in a {@link Baseline}.
 */
public record Finding(
    String tool,
    String ruleId,
    Severity severity,
    String file,
    int line,
    int column,
    String message,
    String fingerprint,
    String helpUri,
    Map<String, String> properties) {

  /** Validates and normalises the components; computes the fingerprint when it is blank. */
  public Finding {
    tool = requireText(tool, "tool");
    ruleId = requireText(ruleId, "ruleId");
    Objects.requireNonNull(severity, "severity");
    file = normalizeFile(file);
    if (line < 0) {
      throw new IllegalArgumentException("Finding line must be >= 0 (0 = unknown) but was " + line);
    }
    if (column < 0) {
      throw new IllegalArgumentException(
          "Finding column must be >= 0 (0 = unknown) but was " + column);
    }
    message = message == null ? "" : message;
    helpUri = helpUri == null || helpUri.isBlank() ? null : helpUri;
    properties = copyProperties(properties);
    if (fingerprint == null || fingerprint.isBlank()) {
      fingerprint = computeFingerprint(tool, ruleId, file, message);
    }
  }

  /** Starts a builder for a finding of {@code ruleId} reported by {@code tool}. */
  public static Builder builder(String tool, String ruleId) {
    return new Builder(tool, ruleId);
  }

  /** A builder pre-filled with this finding's values. */
  public Builder toBuilder() {
    Builder b = new Builder(tool, ruleId);
    b.severity = severity;
    b.file = file;
    b.line = line;
    b.column = column;
    b.message = message;
    b.fingerprint = fingerprint;
    b.helpUri = helpUri;
    b.properties.putAll(properties);
    return b;
  }

  /** {@code file:line:column} as far as known, e.g. {@code app/main.py:12:5}; empty if no file. */
  public String location() {
    if (file == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.toString();
  }

  /**
   * The fingerprint of a finding: lower-case hex SHA-256 over tool, rule, {@link
   * #normalizeFile(String) normalised file} and {@link #normalizeText(String) normalised content}.
   */
  public static String computeFingerprint(String tool, String ruleId, String file, String content) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    String normalizedFile = normalizeFile(file);
    String[] parts = {
      tool == null ? "" : tool.trim(),
      ruleId == null ? "" : ruleId.trim(),
      normalizedFile == null ? "" : normalizedFile,
      normalizeText(content)
    };
    for (String part : parts) {
      sha.update(part.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Normalises a path to the repository-relative form used in findings: backslashes become {@code
   * '/'}, leading {@code ./} and duplicate or trailing slashes are removed, {@code .} segments are
   * dropped. Blank becomes {@code null}.
   */
  public static String normalizeFile(String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    if (isNormalizedPath(file)) {
      return file;
    }
    String s = file.trim().replace('\\', '/');
    boolean absolute = s.startsWith("/");
    StringBuilder out = new StringBuilder(s.length());
    if (absolute) {
      out.append('/');
    }
    for (String segment : s.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != '/') {
        out.append('/');
      }
      out.append(segment);
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static boolean isNormalizedPath(String f) {
    int n = f.length();
    if (Character.isWhitespace(f.charAt(0))
        || Character.isWhitespace(f.charAt(n - 1))
        || f.charAt(n - 1) == '/'
        || f.equals(".")
        || f.startsWith("./")
        || f.endsWith("/.")) {
      return false;
    }
    return f.indexOf('\\') < 0 && !f.contains("//") && !f.contains("/./");
  }

  /**
   * Trims and collapses every run of whitespace (including newlines; {@link
   * Character#isWhitespace}) to one space.
   */
  public static String normalizeText(String text) {
    if (text == null) {
      return "";
    }
    if (isNormalized(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        space = true;
        continue;
      }
      if (space && sb.length() > 0) {
        sb.append(' ');
      }
      space = false;
      sb.append(c);
    }
    return sb.toString();
  }

  private static boolean isNormalized(String t) {
    int n = t.length();
    for (int i = 0; i < n; i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c)
          && (c != ' ' || i == 0 || i == n - 1 || Character.isWhitespace(t.charAt(i + 1)))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> copyProperties(Map<String, String> properties) {
    if (properties == null || properties.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : properties.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException("Finding property keys must not be blank");
      }
      if (e.getValue() != null) {
        copy.put(e.getKey(), e.getValue());
      }
    }
    return copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Finding " + name + " must not be blank");
    }
    return value.trim();
  }

  /** Builder for {@link Finding}; only tool and rule are required. Severity defaults to MEDIUM. */
  public static final class Builder {
    private final String tool;
    private final String ruleId;
    private Severity severity = Severity.MEDIUM;
    private String file;
    private int line;
    private int column;
    private String message = "";
    private String snippet;
    private String fingerprint;
    private String helpUri;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder(String tool, String ruleId) {
      this.tool = tool;
      this.ruleId = ruleId;
    }

    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** Repository-relative path; backslashes and {@code ./} are normalised. */
    public Builder file(String file) {
      this.file = file;
      return this;
    }

    /**
     * Sets the file relative to {@code repoRoot}. A path outside the root is kept as given (with
     * {@code '/'} separators).
     */
    public Builder file(Path repoRoot, Path file) {
      if (file == null) {
        this.file = null;
        return this;
      }
      Path f = file;
      if (repoRoot != null) {
        Path root = repoRoot.toAbsolutePath().normalize();
        Path abs = (f.isAbsolute() ? f : root.resolve(f)).normalize();
        if (abs.startsWith(root)) {
          f = root.relativize(abs);
        }
      }
      this.file = f.toString().replace('\\', '/');
      return this;
    }

    /** 1-based line, 0 = unknown. */
    public Builder line(int line) {
      this.line = line;
      return this;
    }

    /** 1-based column, 0 = unknown. */
    public Builder column(int column) {
      this.column = column;
      return this;
    }

    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /**
     * The offending source text, if the tool reports it. When set, the fingerprint is computed from
     * the snippet instead of the message (messages that embed line numbers then do not matter).
     */
    public Builder snippet(String snippet) {
      this.snippet = snippet;
      return this;
    }

    /** An explicit fingerprint (e.g. one the tool computed); blank means compute it. */
    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    public Builder helpUri(String helpUri) {
      this.helpUri = helpUri;
      return this;
    }

    /** Adds a property (null values are ignored). */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "property key");
      if (value != null) {
        properties.put(key, value);
      }
      return this;
    }

    public Builder properties(Map<String, String> props) {
      if (props != null) {
        props.forEach(this::property);
      }
      return this;
    }

    public Finding build() {
      String fp = fingerprint;
      if ((fp == null || fp.isBlank()) && snippet != null && !snippet.isBlank()) {
        fp = computeFingerprint(tool, ruleId, file, snippet);
      }
      return new Finding(
          tool, ruleId, severity, file, line, column, message, fp, helpUri, properties);
    }
  }
}
