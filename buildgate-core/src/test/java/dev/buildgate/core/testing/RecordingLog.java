package dev.buildgate.core.testing;

import dev.buildgate.core.gate.GateLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link GateLog} for tests: keeps every info, warning and error line in order, warnings prefixed
 * {@code WARN }, errors {@code ERROR } (debug lines are dropped, as Maven drops them without -X).
 */
public final class RecordingLog implements GateLog {

  /** The lines so far, in order (synchronized: gates log from several threads). */
  public final List<String> lines;

  /** A log that records into a list of its own. */
  public RecordingLog() {
    this(Collections.synchronizedList(new ArrayList<>()));
  }

  /**
   * A log that records into the given list.
   *
   * @param lines the list (thread-safe if the code under test logs from several threads)
   */
  public RecordingLog(List<String> lines) {
    this.lines = lines;
  }

  @Override
  public void info(String line) {
    lines.add(line);
  }

  @Override
  public void warn(String line) {
    lines.add("WARN " + line);
  }

  @Override
  public void error(String line) {
    lines.add("ERROR " + line);
  }
}
