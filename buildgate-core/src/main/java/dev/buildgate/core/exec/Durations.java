package dev.buildgate.core.exec;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations that users write in a POM or on the command line, and formats durations for
 * messages. The one parser every Buildgate plugin uses for its timeouts and intervals.
 */
public final class Durations {

  /** What {@link #parse} accepts, as said in its error messages. */
  public static final String ACCEPTED_FORMS =
      "use e.g. 500ms, 30s, 5m, 1h30m or PT5M (a plain number is seconds)";

  /** One {@code <number><unit>} part; the unit is optional only for a lone number. */
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|h|m|s)?", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses a duration: a number with a unit ({@code 100ms}, {@code 1.5s}, {@code 5m}, {@code 1h};
   * units are case-insensitive and may follow a space), several of them ({@code 1h30m}, {@code 1m
   * 30s}), a plain number of seconds ({@code 90}) or ISO-8601 ({@code PT5M}, {@code P1DT2H}).
   * Negative durations are rejected; zero is allowed (see {@link #parsePositive}).
   *
   * @param field how the setting is named in the message, e.g. {@code <readinessTimeout>}
   * @param text what the user wrote
   * @return the duration (fractions below a nanosecond are dropped)
   * @throws IllegalArgumentException one line naming the field, the value and the accepted forms
   */
  public static Duration parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " is empty: " + ACCEPTED_FORMS);
    }
    String t = text.trim();
    Duration d = parseOrNull(t);
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(
          field + " '" + t + "' is not a duration: " + ACCEPTED_FORMS);
    }
    return d;
  }

  /**
   * Like {@link #parse} but zero is rejected too: for timeouts, where zero makes no sense.
   *
   * @param field how the setting is named in the message
   * @param text what the user wrote
   * @return a positive duration
   * @throws IllegalArgumentException one line naming the field, the value and the accepted forms
   */
  public static Duration parsePositive(String field, String text) {
    Duration d = parse(field, text);
    if (d.isZero()) {
      throw new IllegalArgumentException(
          field + " '" + text.trim() + "' must be longer than zero: " + ACCEPTED_FORMS);
    }
    return d;
  }

  private static Duration parseOrNull(String t) {
    if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = PART.matcher(t);
    BigDecimal nanos = BigDecimal.ZERO;
    int parts = 0;
    boolean plainNumber = false;
    int pos = 0;
    while (pos < t.length()) {
      m.region(pos, t.length());
      if (!m.lookingAt()) {
        return null;
      }
      String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
      long unitNanos =
          switch (unit) {
            case "ms" -> 1_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 1_000_000_000L; // "s" and a plain number
          };
      plainNumber |= unit.isEmpty();
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
      parts++;
      pos = m.end();
      while (pos < t.length() && Character.isWhitespace(t.charAt(pos))) {
        pos++;
      }
    }
    if (parts == 0 || (plainNumber && parts > 1)) {
      return null; // "1h30" is ambiguous
    }
    try {
      return Duration.ofNanos(nanos.toBigInteger().longValueExact());
    } catch (ArithmeticException e) {
      return null;
    }
  }

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
