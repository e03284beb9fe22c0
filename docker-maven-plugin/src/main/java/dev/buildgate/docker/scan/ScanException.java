package dev.buildgate.docker.scan;

import dev.buildgate.core.gate.GateCannotRunException;

/**
 * The scan could not run or its result cannot be trusted: scanner missing, wrong version, timeout,
 * no or corrupt database, unparseable output, bad ignore file. The message is one line saying what
 * failed and what to do. The gate fails closed on it.
 */
public class ScanException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message. */
  public ScanException(String message) {
    super(message);
  }

  /** Creates the exception with a one-line message and its cause. */
  public ScanException(String message, Throwable cause) {
    super(message, cause);
  }
}
