package dev.buildgate.docker.scan;

/** Where the scan logs (the mojo passes Maven's log). */
public interface ScanLog {
  void info(String message);

  void warn(String message);

  /** Logs nothing. */
  ScanLog NONE =
      new ScanLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };
}
