package dev.buildgate.core.gate;

/**
 * Where domain code writes what the user reads while a gate runs: the Maven log in the plugins, a
 * list in tests. Implementations must be thread-safe (gates log from worker threads).
 */
public interface GateLog {

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

  /**
   * A line for {@code -X} only.
   *
   * @param line the text
   */
  default void debug(String line) {}

  /**
   * An error line (a finding that fails the gate); a warning unless the log has an error level.
   *
   * @param line the text
   */
  default void error(String line) {
    warn(line);
  }

  /** A log that drops everything. */
  GateLog NONE =
      new GateLog() {
        @Override
        public void info(String line) {}

        @Override
        public void warn(String line) {}
      };

  /**
   * A log on standard error, for code that runs after Maven's log is gone (shutdown hooks).
   *
   * @param prefix the prefix of each line, e.g. {@code [buildgate integration]}
   * @return the log
   */
  static GateLog stderr(String prefix) {
    return new GateLog() {
      @Override
      public void info(String line) {
        System.err.println(prefix + " " + line);
      }

      @Override
      public void warn(String line) {
        System.err.println(prefix + " WARNING " + line);
      }
    };
  }
}
