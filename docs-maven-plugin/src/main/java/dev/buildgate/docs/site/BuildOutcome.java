package dev.buildgate.docs.site;

import java.nio.file.Path;
import java.util.List;

/**
 * What docs:build did.
 *
 * @param status built or why it was skipped
 * @param reason one line for the log and the summary
 * @param siteDir the site
 * @param openapiSource where the spec came from, or null
 * @param openapiVersion "openapi 3.1.0", or null
 * @param command the generator command, or empty when skipped early
 * @param warnings warnings the generator printed (non-strict)
 */
public record BuildOutcome(
    Status status,
    String reason,
    Path siteDir,
    String openapiSource,
    String openapiVersion,
    List<String> command,
    List<String> warnings) {

  /** The result kinds. */
  public enum Status {
    BUILT,
    /** git says no watched path changed since the merge base. */
    UNCHANGED,
    /** same inputs as the last successful build; the site is still there. */
    UP_TO_DATE,
    /** the project has neither the config file nor the docs directory: nothing to build. */
    NO_DOCS
  }
}
