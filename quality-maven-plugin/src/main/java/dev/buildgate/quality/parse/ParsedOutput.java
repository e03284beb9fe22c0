package dev.buildgate.quality.parse;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import java.util.List;

/**
 * What a parser read from one tool output.
 *
 * @param findings the findings, in the order the tool reported them
 * @param rules rules the output declared (SARIF); empty for tools that do not declare rules
 * @param toolErrors problems the tool reported besides findings (e.g. files Bandit could not scan);
 *     non-empty means the analysis is incomplete
 * @param ignored entries that were read but are not findings (e.g. mypy notes not attached to an
 *     error)
 * @param toolVersion the version the output names (SARIF {@code driver.version}); null if none
 */
public record ParsedOutput(
    List<Finding> findings,
    List<Rule> rules,
    List<String> toolErrors,
    int ignored,
    String toolVersion) {

  public ParsedOutput {
    findings = List.copyOf(findings);
    rules = List.copyOf(rules);
    toolErrors = List.copyOf(toolErrors);
  }

  /** Findings only. */
  public static ParsedOutput of(List<Finding> findings) {
    return new ParsedOutput(findings, List.of(), List.of(), 0, null);
  }
}
