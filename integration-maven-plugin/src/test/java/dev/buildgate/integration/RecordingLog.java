package dev.buildgate.integration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An {@link IntegrationLog} for tests: keeps every line, warnings prefixed {@code WARN }. */
public final class RecordingLog implements IntegrationLog {

  /** The lines so far, in order (synchronized: stack goals log from several threads). */
  public final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void info(String line) {
    lines.add(line);
  }

  @Override
  public void warn(String line) {
    lines.add("WARN " + line);
  }
}
