package dev.buildgate.core.exec;

import java.time.Duration;

/** Formats durations for messages. */
final class Durations {

  private Durations() {}

  /**
   * Formats a duration compactly, for example {@code 1.5s}, {@code 10m} or {@code 1h2m}.
   *
   * @param d the duration
   * @return the formatted duration
   */
  static String human(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      long tenths = millis / 100;
      return tenths % 10 == 0 ? (tenths / 10) + "s" : (tenths / 10) + "." + (tenths % 10) + "s";
    }
    long seconds = d.getSeconds();
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    StringBuilder sb = new StringBuilder();
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (m > 0) {
      sb.append(m).append('m');
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    return sb.toString();
  }
}
