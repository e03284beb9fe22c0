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

  private final List<String> secrets;

  Masker(Collection<String> secrets) {
    List<String> list = new ArrayList<>();
    for (String s : new LinkedHashSet<>(secrets)) {
      if (s != null && !s.isEmpty()) {
        list.add(s);
      }
    }
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
