package dev.buildgate.docker;

import dev.buildgate.core.gate.GateCannotRunException;

/** The docker configuration is wrong (a Dockerfile is missing, a reference is unknown, a cycle). */
public class DockerConfigException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, where, and how to fix it
   */
  public DockerConfigException(String message) {
    super(message);
  }
}
