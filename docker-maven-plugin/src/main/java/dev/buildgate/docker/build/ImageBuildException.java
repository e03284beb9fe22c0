package dev.buildgate.docker.build;

import dev.buildgate.core.gate.GateFailedException;

/** One image failed to build; the message is a one-line reason. */
public class ImageBuildException extends GateFailedException {
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
