package dev.buildgate.core.gate;

/**
 * The gate could not run, so there is no verdict (and the build fails closed): bad configuration, a
 * missing or wrong tool, no Docker daemon, a stack that did not come up. The message is the one
 * line the user reads: the file or field at fault and the fix. Root of every plugin's "could not
 * run" exception; Maven reports it as a build error.
 */
public class GateCannotRunException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * A gate that could not run.
   *
   * @param message one line: what is wrong and how to fix it
   */
  public GateCannotRunException(String message) {
    super(message);
  }

  /**
   * A gate that could not run, with what stopped it.
   *
   * @param message one line: what is wrong and how to fix it
   * @param cause the underlying error
   */
  public GateCannotRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
