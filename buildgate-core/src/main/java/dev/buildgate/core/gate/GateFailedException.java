package dev.buildgate.core.gate;

/**
 * The gate ran and its verdict is "failed": findings over the threshold, a vulnerable image, a
 * failed test, a broken docs build. The message is the one line the user reads (what failed, and
 * the fix). Root of every plugin's "failed" exception; Maven reports it as a build failure.
 */
public class GateFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * A failed gate.
   *
   * @param message one line: what failed and how to fix it
   */
  public GateFailedException(String message) {
    super(message);
  }

  /**
   * A failed gate, with what made it fail.
   *
   * @param message one line: what failed and how to fix it
   * @param cause the underlying error
   */
  public GateFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
