package dev.buildgate.core.exec;

import dev.buildgate.core.gate.GateCannotRunException;

/**
 * A process could not be run (missing executable, bad working directory, timeout, I/O failure). A
 * non-zero exit code is not an exception: callers interpret exit codes.
 */
public class ExecException extends GateCannotRunException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, why and what to do
   */
  public ExecException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what failed, why and what to do
   * @param cause the underlying failure
   */
  public ExecException(String message, Throwable cause) {
    super(message, cause);
  }
}
