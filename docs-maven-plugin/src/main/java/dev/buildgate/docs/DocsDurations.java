package dev.buildgate.docs;

import dev.buildgate.core.exec.Durations;
import dev.buildgate.core.gate.GateCannotRunException;
import java.time.Duration;

/** The docs goals' duration settings, read by the config builders. */
public final class DocsDurations {

  private DocsDurations() {}

  /**
   * A duration setting ({@code 30s}, {@code 5m}, {@code PT5M}; a plain number is seconds).
   *
   * @param field the parameter and its property, as the message names it
   * @param text the value
   * @param positive whether zero is rejected (timeouts) or allowed (pauses)
   * @return the duration
   * @throws GateCannotRunException one line naming the field, when the value is not a duration
   */
  public static Duration parse(String field, String text, boolean positive)
      throws GateCannotRunException {
    try {
      return positive ? Durations.parsePositive(field, text) : Durations.parse(field, text);
    } catch (IllegalArgumentException e) {
      throw new GateCannotRunException(e.getMessage());
    }
  }
}
