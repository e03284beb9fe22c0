package dev.buildgate.core.exec;

/**
 * Runs processes. {@link LocalProcessRunner} runs real ones; argv builders take a runner so tests
 * can inject a recording one.
 */
@FunctionalInterface
public interface ProcessRunner {

  /**
   * Runs a process to completion, streaming its output to the sink.
   *
   * @param spec what to run
   * @param sink receives each output line (masked) while the process runs
   * @return the result; a non-zero exit code is not an exception
   * @throws ExecException if the process could not be started, timed out (the whole process tree is
   *     killed) or its output could not be read or written
   */
  ProcessResult run(ProcessSpec spec, LineSink sink) throws ExecException;

  /**
   * Runs a process without streaming its output anywhere.
   *
   * @param spec what to run
   * @return the result
   * @throws ExecException see {@link #run(ProcessSpec, LineSink)}
   */
  default ProcessResult run(ProcessSpec spec) throws ExecException {
    return run(spec, LineSink.NONE);
  }
}
