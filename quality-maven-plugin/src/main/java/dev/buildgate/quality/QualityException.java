package dev.buildgate.quality;

import dev.buildgate.core.gate.GateCannotRunException;

/**
 * An analyzer could not run or its result cannot be trusted: tool missing, crashed, timed out,
 * unparseable output, bad configuration. The gate fails closed (the build fails) with this message;
 * it is never a pass.
 */
public class QualityException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  public QualityException(String message) {
    super(message);
  }

  public QualityException(String message, Throwable cause) {
    super(message, cause);
  }
}
