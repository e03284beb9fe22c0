package dev.buildgate.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * A Maven {@link Log} that keeps what a background gate logs, to print it as one block when a later
 * goal reports the gate. Records are {@code Object[] {level, message, throwable}} (JDK types only:
 * they cross plugin class realms).
 */
final class BufferedLog implements Log {

  private final boolean debug;
  private final List<Object[]> records = new ArrayList<>();

  BufferedLog(boolean debug) {
    this.debug = debug;
  }

  /** A copy of what was logged so far, in order. */
  synchronized List<Object[]> records() {
    return new ArrayList<>(records);
  }

  /** Prints records into a log, each at its level. */
  static void replay(List<Object[]> records, Log log) {
    for (Object[] r : records) {
      CharSequence message = (CharSequence) r[1];
      Throwable error = (Throwable) r[2];
      switch ((String) r[0]) {
        case "debug" -> log.debug(message, error);
        case "warn" -> log.warn(message, error);
        case "error" -> log.error(message, error);
        default -> log.info(message, error);
      }
    }
  }

  private synchronized void add(String level, CharSequence message, Throwable error) {
    records.add(new Object[] {level, message == null ? "" : message.toString(), error});
  }

  @Override
  public boolean isDebugEnabled() {
    return debug;
  }

  @Override
  public void debug(CharSequence content) {
    debug(content, null);
  }

  @Override
  public void debug(CharSequence content, Throwable error) {
    if (debug) {
      add("debug", content, error);
    }
  }

  @Override
  public void debug(Throwable error) {
    debug("", error);
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public void info(CharSequence content) {
    info(content, null);
  }

  @Override
  public void info(CharSequence content, Throwable error) {
    add("info", content, error);
  }

  @Override
  public void info(Throwable error) {
    info("", error);
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public void warn(CharSequence content) {
    warn(content, null);
  }

  @Override
  public void warn(CharSequence content, Throwable error) {
    add("warn", content, error);
  }

  @Override
  public void warn(Throwable error) {
    warn("", error);
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public void error(CharSequence content) {
    error(content, null);
  }

  @Override
  public void error(CharSequence content, Throwable error) {
    add("error", content, error);
  }

  @Override
  public void error(Throwable error) {
    error("", error);
  }
}
