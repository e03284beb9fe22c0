/**
 * Running external processes and resolving external tools.
 *
 * <p>{@link dev.buildgate.core.exec.ProcessRunner} runs one argv list (never a shell string) with a
 * working directory, extra environment, a timeout that kills the whole process tree, line-by-line
 * streaming to a {@link dev.buildgate.core.exec.LineSink}, bounded capture that keeps the tail, and
 * secret masking. {@link dev.buildgate.core.exec.ToolResolver} finds a tool from a configured path,
 * the {@code PATH}, {@code uv run}, {@code uvx} at a pinned version or a container image.
 */
package dev.buildgate.core.exec;
