package dev.buildgate.core.ci;

import java.util.Locale;

/** What triggered the build. */
public enum CiEvent {
  /** A push to a branch. */
  PUSH,
  /** A pull request / merge request build. */
  PULL_REQUEST,
  /** A push of a tag (or a release). */
  TAG,
  /** Started by hand (GitHub workflow_dispatch, GitLab "Run pipeline", ...). */
  MANUAL,
  /** A scheduled (cron) build. */
  SCHEDULE,
  /** Not in CI: a build on a developer machine. */
  LOCAL;

  /**
   * Parses an event name case-insensitively: the constant names plus {@code pull-request}, {@code
   * pr}, {@code merge_request}, {@code mr}, {@code release}, {@code workflow_dispatch}, {@code
   * cron}, {@code scheduled}.
   *
   * @throws IllegalArgumentException for unknown names
   */
  public static CiEvent parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    switch (v) {
      case "push":
      case "branch":
        return PUSH;
      case "pull_request":
      case "pullrequest":
      case "pr":
      case "merge_request":
      case "mr":
        return PULL_REQUEST;
      case "tag":
      case "release":
        return TAG;
      case "manual":
      case "workflow_dispatch":
        return MANUAL;
      case "schedule":
      case "scheduled":
      case "cron":
        return SCHEDULE;
      case "local":
        return LOCAL;
      default:
        throw new IllegalArgumentException(
            "Unknown CI event '"
                + value
                + "': use one of push, pull_request, tag, manual, schedule, local");
    }
  }
}
