package dev.buildgate.integration.test;

/** The recorded integration test run failed: the gate fails the build. */
public final class TestsFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public TestsFailedException(String message) {
    super(message);
  }
}
