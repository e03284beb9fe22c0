package dev.buildgate.core.docker;

import dev.buildgate.core.gate.GateCannotRunException;

/** No Docker daemon answered at the resolved host; the message names the host and the fix. */
public class DockerUnavailableException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was tried and how to fix it
   * @param cause the underlying error, may be {@code null}
   */
  public DockerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
