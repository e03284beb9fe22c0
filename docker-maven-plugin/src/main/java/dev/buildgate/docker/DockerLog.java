package dev.buildgate.docker;

/** Where domain code logs (the Maven log in the plugin). Must be thread-safe. */
public interface DockerLog {
  /**
   * An informational line.
   *
   * @param line the text
   */
  void info(String line);

  /**
   * A warning.
   *
   * @param line the text
   */
  void warn(String line);

  /** A log that drops everything. */
  DockerLog NONE =
      new DockerLog() {
        @Override
        public void info(String line) {}

        @Override
        public void warn(String line) {}
      };
}
