package dev.buildgate.docker;

/**
 * A build, push or scan failed (an image did not build, a push was refused, an image has a blocking
 * vulnerability).
 */
public class DockerGateException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   */
  public DockerGateException(String message) {
    super(message);
  }
}
