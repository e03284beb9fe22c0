package dev.buildgate.docker.build;

import dev.buildgate.docker.DockerConfigException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The fixed time of a reproducible image build: Maven's {@code project.build.outputTimestamp} (the
 * one the jar plugins use), else the {@code SOURCE_DATE_EPOCH} environment variable, else none
 * (images get the build time).
 */
public final class SourceDate {
  private SourceDate() {}

  /**
   * Resolves the time.
   *
   * @param outputTimestamp {@code project.build.outputTimestamp}: ISO-8601 with offset ({@code
   *     2026-11-26T00:00:00Z}) or seconds since the epoch; {@code null}, blank or one character
   *     (Maven's way to switch it off) means unset
   * @param env the environment ({@code SOURCE_DATE_EPOCH}: seconds since the epoch)
   * @return the time, or {@code null} when neither is set
   * @throws DockerConfigException when a value is set but not a time
   */
  public static Instant resolve(String outputTimestamp, Map<String, String> env)
      throws DockerConfigException {
    if (outputTimestamp != null && outputTimestamp.trim().length() > 1) {
      String v = outputTimestamp.trim();
      try {
        return v.chars().allMatch(Character::isDigit)
            ? Instant.ofEpochSecond(Long.parseLong(v))
            : OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new DockerConfigException(
            "project.build.outputTimestamp '"
                + v
                + "' is not a time: use ISO-8601 with an offset (2026-11-26T00:00:00Z) or seconds"
                + " since the epoch.");
      }
    }
    String epoch = env.get("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(epoch.trim()));
      } catch (NumberFormatException e) {
        throw new DockerConfigException(
            "environment variable SOURCE_DATE_EPOCH '"
                + epoch
                + "' is not a number of seconds since the epoch.");
      }
    }
    return null;
  }
}
