package dev.buildgate.docker.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code .dockerignore} rules with Docker's semantics: one pattern per line, {@code #} comments,
 * surrounding blanks trimmed, patterns cleaned (like Go's {@code filepath.Clean}) and a leading
 * {@code /} dropped; {@code *} and {@code ?} never cross {@code /}; {@code **} matches any number
 * of directories (also none); {@code !} re-includes; the last matching pattern wins; a pattern that
 * matches a parent directory excludes everything below it.
 */
public final class DockerIgnore {

  private record Rule(String pattern, Pattern regex, boolean exclusion) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * No rules: everything is included.
   *
   * @return an empty matcher
   */
  public static DockerIgnore none() {
    return new DockerIgnore(List.of());
  }

  /**
   * Reads {@code <context>/.dockerignore} (missing = no rules).
   *
   * @param contextDir the build context
   * @return the rules
   * @throws IOException when the file cannot be read
   */
  public static DockerIgnore load(Path contextDir) throws IOException {
    Path f = contextDir.resolve(".dockerignore");
    if (!Files.isRegularFile(f)) {
      return none();
    }
    try {
      return parse(Files.readAllLines(f, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses lines of a {@code .dockerignore}.
   *
   * @param lines the lines
   * @return the rules
   * @throws IllegalArgumentException (one line) for a pattern docker rejects too
   */
  public static DockerIgnore parse(List<String> lines) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : lines) {
      String line = raw;
      if (line.startsWith("#")) {
        continue;
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      boolean exclusion = false;
      if (line.startsWith("!")) {
        exclusion = true;
        line = line.substring(1).strip();
      }
      if (!line.isEmpty()) {
        line = clean(line);
        if (line.length() > 1 && line.startsWith("/")) {
          line = line.substring(1);
        }
      }
      if (line.isEmpty()) {
        continue;
      }
      Pattern regex;
      try {
        regex = Pattern.compile(toRegex(line));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "'"
                + raw.strip()
                + "' is not a valid pattern ("
                + e.getDescription()
                + "): fix or remove the line");
      }
      rules.add(new Rule(line, regex, exclusion));
    }
    return new DockerIgnore(rules);
  }

  /**
   * Adds exceptions so the given paths are always sent (the docker CLI does this for the Dockerfile
   * and {@code .dockerignore}).
   *
   * @param relPaths context-relative paths
   * @return a matcher that never excludes them
   */
  public DockerIgnore keeping(List<String> relPaths) {
    List<Rule> out = new ArrayList<>(rules);
    for (String p : relPaths) {
      if (excluded(p)) {
        String c = clean(p);
        // a path, not a pattern: a file named "Dockerfile[1]" matches itself only
        out.add(
            new Rule(c, Pattern.compile(toRegex(c.replaceAll("([*?\\[\\\\])", "\\\\$1"))), true));
      }
    }
    return new DockerIgnore(out);
  }

  /**
   * Whether there are any rules.
   *
   * @return true if at least one pattern
   */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Whether a context-relative path (with {@code /}) is excluded from the context.
   *
   * @param relPath e.g. {@code src/app.py}
   * @return true when excluded
   */
  public boolean excluded(String relPath) {
    String file = clean(relPath);
    int slash = file.lastIndexOf('/');
    String parent = slash < 0 ? "." : file.substring(0, slash);
    String[] parentDirs = parent.split("/");
    boolean matched = false;
    for (Rule r : rules) {
      if (r.exclusion() && !matched) {
        continue;
      }
      boolean match = r.regex().matcher(file).matches();
      if (!match && !".".equals(parent)) {
        StringBuilder prefix = new StringBuilder();
        for (String dir : parentDirs) {
          if (prefix.length() > 0) {
            prefix.append('/');
          }
          prefix.append(dir);
          if (r.regex().matcher(prefix).matches()) {
            match = true;
            break;
          }
        }
      }
      if (match) {
        matched = !r.exclusion();
      }
    }
    return matched;
  }

  /**
   * Whether an excluded directory must still be walked because an exception pattern may re-include
   * something below it (Docker's rule: an exception pattern that starts with the directory path).
   *
   * @param relDir the directory, context-relative
   * @return true to walk into it
   */
  public boolean mayIncludeBelow(String relDir) {
    String dirSlash = clean(relDir) + "/";
    for (Rule r : rules) {
      if (!r.exclusion()) {
        continue;
      }
      if ((r.pattern() + "/").startsWith(dirSlash)) {
        return true;
      }
    }
    return false;
  }

  static String toRegex(String pattern) {
    StringBuilder re = new StringBuilder("^");
    int n = pattern.length();
    for (int i = 0; i < n; i++) {
      char ch = pattern.charAt(i);
      if (ch == '*') {
        if (i + 1 < n && pattern.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < n && pattern.charAt(i + 1) == '/') {
            i++;
          }
          if (i + 1 >= n) {
            re.append(".*");
          } else {
            re.append("(.*/)?");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (ch == '?') {
        re.append("[^/]");
      } else if (ch == '[') {
        int end = pattern.indexOf(']', i + 1);
        if (end < 0) {
          re.append("\\[");
        } else {
          String cls = pattern.substring(i + 1, end);
          if (cls.startsWith("^") || cls.startsWith("!")) {
            cls = "^" + cls.substring(1);
          }
          re.append('[').append(cls.replace("\\", "\\\\").replace("[", "\\[")).append(']');
          i = end;
        }
      } else if (ch == '\\') {
        if (i + 1 < n) {
          i++;
          re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
        } else {
          re.append("\\\\");
        }
      } else if (".$^+(){}|".indexOf(ch) >= 0) {
        re.append('\\').append(ch);
      } else {
        re.append(ch);
      }
    }
    return re.append('$').toString();
  }

  /**
   * Go's {@code filepath.Clean} on {@code /}-separated paths.
   *
   * @param p a path
   * @return the cleaned path ({@code .} for empty)
   */
  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
        }
        continue;
      }
      out.add(part);
    }
    String s = String.join("/", out);
    if (rooted) {
      return "/" + s;
    }
    return s.isEmpty() ? "." : s;
  }
}
