package dev.buildgate.integration;

import dev.buildgate.core.gate.GateCannotRunException;

/** The configuration is wrong (a user mistake): the message names the file or field and the fix. */
public final class IntegrationConfigException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  public IntegrationConfigException(String message) {
    super(message);
  }
}
