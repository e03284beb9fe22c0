package dev.buildgate.quality.run;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import java.util.List;

/**
 * What a finished analyzer reported, read and checked, before the gate.
 *
 * @param version the tool's version (the one asked, else the one its report names), or null
 * @param findings the findings outside the excluded paths
 * @param rules the rules the report describes
 * @param blocked the tool stopped on blocking errors (its findings fail the gate, baseline or not)
 */
public record ToolOutput(
    String version, List<Finding> findings, List<Rule> rules, boolean blocked) {}
