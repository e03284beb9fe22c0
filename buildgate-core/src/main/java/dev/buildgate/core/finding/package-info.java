/**
 * Findings reported by analysers and scanners, and the report formats Buildgate writes for them:
 * SARIF 2.1.0 (GitHub code scanning), plain JSON, console lines, Markdown tables, and baselines of
 * accepted findings matched by fingerprint.
 */
package dev.buildgate.core.finding;
