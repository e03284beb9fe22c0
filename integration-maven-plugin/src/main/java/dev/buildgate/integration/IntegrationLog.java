package dev.buildgate.integration;

/** Where the domain code reports progress (the mojo adapts Maven's log). */
public interface IntegrationLog {
  void info(String line);

  void warn(String line);

  default void debug(String line) {}

  /** Writes to stderr; for the shutdown hook and tests. */
  IntegrationLog STDERR =
      new IntegrationLog() {
        @Override
        public void info(String line) {
          System.err.println("[buildgate integration] " + line);
        }

        @Override
        public void warn(String line) {
          System.err.println("[buildgate integration] WARNING " + line);
        }
      };
}
