package dev.buildgate.integration;

import dev.buildgate.core.gate.GateCannotRunException;

/** The stack could not be started, inspected or stopped (docker missing, compose failed, ...). */
public class StackException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
