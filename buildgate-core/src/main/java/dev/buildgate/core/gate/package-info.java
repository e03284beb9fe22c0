/**
 * What every gate shares, whatever its plugin: the two outcomes of a gate that does not pass
 * ({@link dev.buildgate.core.gate.GateFailedException the gate ran and failed}, {@link
 * dev.buildgate.core.gate.GateCannotRunException the gate could not run}) and the one log domain
 * code writes to ({@link dev.buildgate.core.gate.GateLog}). The Maven glue maps the first to {@code
 * MojoFailureException}, the second to {@code MojoExecutionException}, and adapts Maven's log to
 * the third.
 */
package dev.buildgate.core.gate;
