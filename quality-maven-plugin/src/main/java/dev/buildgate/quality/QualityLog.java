package dev.buildgate.quality;

/** Where the domain code logs; the mojos adapt Maven's log. Implementations are thread-safe. */
public interface QualityLog {
  void debug(String message);

  void info(String message);

  void warn(String message);

  void error(String message);

  /** A log that drops everything. */
  QualityLog NONE =
      new QualityLog() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}
      };
}
