package dev.buildgate.docker;

/** A build or push failed (an image did not build, a push was refused). */
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
