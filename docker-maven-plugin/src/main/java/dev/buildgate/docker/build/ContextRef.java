package dev.buildgate.docker.build;

import java.nio.file.Path;

/**
 * A resolved named build context.
 *
 * @param kind what it is
 * @param image the image of this build ({@link Kind#IMAGE})
 * @param directory the directory ({@link Kind#DIRECTORY})
 * @param source the BuildKit source string ({@link Kind#SOURCE})
 */
public record ContextRef(Kind kind, String image, Path directory, String source) {

  /** Kinds of named contexts. */
  public enum Kind {
    /** Another image of this build. */
    IMAGE,
    /** A local directory. */
    DIRECTORY,
    /** Any BuildKit source: docker-image://, oci-layout://, git or https URL, target:. */
    SOURCE
  }

  static ContextRef image(String name) {
    return new ContextRef(Kind.IMAGE, name, null, null);
  }

  static ContextRef directory(Path dir) {
    return new ContextRef(Kind.DIRECTORY, null, dir, null);
  }

  static ContextRef source(String s) {
    return new ContextRef(Kind.SOURCE, null, null, s);
  }

  /**
   * Whether a value is a BuildKit source rather than a directory or an image name.
   *
   * @param v the configured value
   * @return true for URLs and {@code target:}
   */
  static boolean isSource(String v) {
    return v.contains("://") || v.startsWith("git@") || v.startsWith("target:");
  }
}
