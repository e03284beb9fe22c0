package dev.buildgate.docs.site;

import dev.buildgate.core.gate.GateCannotRunException;
import java.util.Locale;

/** Which site generator builds the docs. */
public enum GeneratorKind {
  /** MkDocs ({@code mkdocs build --strict -f <config> -d <site>}). */
  MKDOCS("mkdocs"),
  /** Zensical ({@code zensical build --strict -f <config>}, site_dir set in the staged config). */
  ZENSICAL("zensical"),
  /** Any command, given as an argv list with placeholders. */
  CUSTOM("custom");

  private final String id;

  GeneratorKind(String id) {
    this.id = id;
  }

  /** The lower-case name used in configuration. */
  public String id() {
    return id;
  }

  /** Parses mkdocs | zensical | custom, case-insensitively. */
  public static GeneratorKind parse(String value) throws GateCannotRunException {
    String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    for (GeneratorKind k : values()) {
      if (k.id.equals(v)) {
        return k;
      }
    }
    throw new GateCannotRunException(
        "Unknown <generator> '"
            + value
            + "' (buildgate.docs.generator): use mkdocs, zensical or custom.");
  }
}
