/**
 * The pipeline summary: every goal adds its section ({@link
 * dev.buildgate.core.summary.PipelineSummary#section}); the summary is rendered as Markdown to
 * {@code target/buildgate/summary.md} and appended to {@code $GITHUB_STEP_SUMMARY} when set.
 */
package dev.buildgate.core.summary;
