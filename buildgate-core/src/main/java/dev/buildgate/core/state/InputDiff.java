package dev.buildgate.core.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares two {@link Fingerprint#entries()} lists and describes the difference in one line. */
final class InputDiff {

  private static final int MAX_NAMES = 3;

  private InputDiff() {}

  static String describe(List<String> before, List<String> after) {
    Map<String, String> old = parse(before);
    Map<String, String> now = parse(after);
    List<String> changedFiles = new ArrayList<>();
    List<String> addedFiles = new ArrayList<>();
    List<String> removedFiles = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String id = e.getKey();
      String was = old.get(id);
      if (e.getValue().equals(was)) {
        continue;
      }
      String kind = id.substring(0, id.indexOf(':'));
      String name = displayName(id);
      switch (kind) {
        case "file":
          (was == null ? addedFiles : changedFiles).add(name);
          break;
        case "tool":
          tools.add(
              "tool "
                  + name
                  + " "
                  + (was == null ? "added" : version(was) + " -> " + version(e.getValue())));
          break;
        case "tree":
          values.add(
              "input directory " + (e.getValue().equals("present") ? "appeared" : "missing"));
          break;
        default:
          values.add(name);
      }
    }
    for (String id : old.keySet()) {
      if (!now.containsKey(id)) {
        String kind = id.substring(0, id.indexOf(':'));
        if (kind.equals("file")) {
          removedFiles.add(displayName(id));
        } else if (kind.equals("tool")) {
          tools.add("tool " + displayName(id) + " removed");
        } else if (!kind.equals("tree")) {
          values.add(displayName(id));
        }
      }
    }
    List<String> parts = new ArrayList<>();
    files(parts, changedFiles, "changed");
    files(parts, addedFiles, "added");
    files(parts, removedFiles, "removed");
    parts.addAll(tools);
    if (!values.isEmpty()) {
      parts.add("configuration changed (" + names(values) + ")");
    }
    return String.join("; ", parts);
  }

  private static void files(List<String> parts, List<String> files, String what) {
    if (!files.isEmpty()) {
      parts.add(
          files.size()
              + (files.size() == 1 ? " file " : " files ")
              + what
              + " ("
              + names(files)
              + ")");
    }
  }

  private static String names(List<String> names) {
    List<String> shown = names.subList(0, Math.min(MAX_NAMES, names.size()));
    return String.join(", ", shown) + (names.size() > MAX_NAMES ? ", ..." : "");
  }

  /** Maps each entry's id (before the first unescaped '=') to its value. */
  private static Map<String, String> parse(List<String> entries) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String e : entries) {
      int eq = unescapedIndex(e, '=', 0);
      if (eq > 0 && e.indexOf(':') > 0) {
        out.put(e.substring(0, eq), e.substring(eq + 1));
      }
    }
    return out;
  }

  private static String displayName(String id) {
    String rest = id.substring(id.indexOf(':') + 1);
    if (id.startsWith("file:[")) {
      int close = unescapedIndex(rest, ']', 1);
      if (close > 0 && close + 1 < rest.length() && rest.charAt(close + 1) == '/') {
        rest = rest.substring(close + 2);
      }
    }
    return unescape(rest);
  }

  private static String version(String v) {
    String s = unescape(v);
    return s.startsWith("\u0000") ? "unknown" : s;
  }

  private static int unescapedIndex(String s, char c, int from) {
    for (int i = from; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == c) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
