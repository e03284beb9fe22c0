package dev.buildgate.quality.parse;

import dev.buildgate.core.gate.GateCannotRunException;

/** The tool's output is not in the format expected: the analysis result cannot be trusted. */
public class OutputParseException extends GateCannotRunException {
  private static final long serialVersionUID = 1L;

  public OutputParseException(String message) {
    super(message);
  }

  public OutputParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
