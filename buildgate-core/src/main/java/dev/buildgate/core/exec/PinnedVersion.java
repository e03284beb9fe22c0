package dev.buildgate.core.exec;

/**
 * The one check of a tool's version against the version a build pins (the quality analyzers' {@code
 * <version>}, docker:scan's {@code trivyVersion}, {@link ToolResolver#requireVersion}): each caller
 * keeps its own message, naming its own setting and fix.
 */
public final class PinnedVersion {

  private PinnedVersion() {}

  /**
   * Whether {@code found} is the pinned version. A leading {@code v} ({@code v0.68.2}, as Trivy
   * prints it) and surrounding blanks are ignored on both sides.
   *
   * @param pinned the pinned version; null or blank accepts any version
   * @param found the version the tool reports, may be null (then only an absent pin accepts it)
   * @return true when the version is accepted
   */
  public static boolean accepts(String pinned, String found) {
    if (pinned == null || pinned.isBlank()) {
      return true;
    }
    return found != null && normal(pinned).equals(normal(found));
  }

  private static String normal(String version) {
    String v = version.strip();
    return v.startsWith("v") ? v.substring(1) : v;
  }
}
