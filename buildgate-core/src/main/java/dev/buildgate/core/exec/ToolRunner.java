package dev.buildgate.core.exec;

/** How a tool is run. */
public enum ToolRunner {
  /**
   * The configured path, then {@code PATH}, then {@code uvx} at the pinned version, then the image.
   */
  AUTO,
  /** The configured path or the executable found on {@code PATH}. */
  PATH,
  /** {@code uv run} inside the project's uv project (the tool is one of its dependencies). */
  UV,
  /** {@code uvx <package==version>} (falls back to {@code uv tool run}). */
  UVX,
  /**
   * {@code docker run --rm --init} of the configured image (whose entrypoint is the tool) with the
   * project mounted at {@code /src}.
   */
  IMAGE;

  /**
   * Parses a runner name, case-insensitively.
   *
   * @param value the name, {@code null} or blank for {@link #AUTO}
   * @return the runner
   * @throws IllegalArgumentException naming the accepted values if the name is unknown
   */
  public static ToolRunner parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    String v = value.trim();
    for (ToolRunner r : values()) {
      if (r.name().equalsIgnoreCase(v)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "Unknown tool runner '" + value + "': use one of auto, path, uv, uvx, image");
  }
}
