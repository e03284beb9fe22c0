package dev.buildgate.core.exec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Replaces secret values with {@code ****}. Immutable and thread-safe. */
final class Masker {

  /** The replacement for a secret. */
  static final String MASK = "****";

  /** Lines of a multi-line secret shorter than this (like "-----") are not masked alone. */
  private static final int MIN_LINE_SECRET = 6;

  private final List<String> secrets;

  Masker(Collection<String> secrets) {
    List<String> list = new ArrayList<>();
    LinkedHashSet<String> all = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.isEmpty()) {
        continue;
      }
      all.add(s);
      if (s.indexOf('\n') >= 0) {
        // output is masked line by line: a multi-line secret (a key file) is masked per line
        for (String line : s.split("\r?\n")) {
          if (line.strip().length() >= MIN_LINE_SECRET) {
            all.add(line.strip());
          }
        }
      }
    }
    list.addAll(all);
    // longest first, so a secret containing another is masked whole
    list.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(list);
  }

  boolean isEmpty() {
    return secrets.isEmpty();
  }

  String mask(String text) {
    if (secrets.isEmpty() || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }
}
