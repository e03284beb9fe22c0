package dev.buildgate.quality;

/** The analyzers ran and found new findings at or above the threshold (or too many). */
public class GateFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public GateFailedException(String message) {
    super(message);
  }
}
