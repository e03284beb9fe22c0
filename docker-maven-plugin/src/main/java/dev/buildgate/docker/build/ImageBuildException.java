package dev.buildgate.docker.build;

/** One image failed to build; the message is a one-line reason. */
public class ImageBuildException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the reason
   */
  public ImageBuildException(String message) {
    super(message);
  }
}
