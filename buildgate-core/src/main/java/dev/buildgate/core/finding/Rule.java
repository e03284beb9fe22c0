package dev.buildgate.core.finding;

/**
 * A rule (check) of a tool, as listed in SARIF {@code tool.driver.rules}.
 *
 * @param id the rule id findings refer to (required)
 * @param name a human name; defaults to the id
 * @param shortDescription one-line description; nullable
 * @param helpUri documentation link; nullable
 * @param defaultSeverity severity of the rule; nullable when the tool does not say
 */
public record Rule(
    String id, String name, String shortDescription, String helpUri, Severity defaultSeverity) {

  public Rule {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("Rule id must not be blank");
    }
    id = id.trim();
    name = name == null || name.isBlank() ? id : name;
    shortDescription =
        shortDescription == null || shortDescription.isBlank() ? null : shortDescription;
    helpUri = helpUri == null || helpUri.isBlank() ? null : helpUri;
  }

  /** A rule known only by its id. */
  public static Rule of(String id) {
    return new Rule(id, null, null, null, null);
  }
}
