package dev.buildgate.docs;

/** The logging the domain code needs; the mojos adapt Maven's log to it. */
public interface DocsLog {
  void info(String message);

  void warn(String message);

  void debug(String message);

  /** Drops everything (tests). */
  DocsLog NONE =
      new DocsLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void debug(String message) {}
      };
}
