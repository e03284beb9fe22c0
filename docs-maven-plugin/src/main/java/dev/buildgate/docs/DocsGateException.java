package dev.buildgate.docs;

/** The docs gate ran and failed: strict-mode warnings, an invalid OpenAPI spec. */
public class DocsGateException extends Exception {
  private static final long serialVersionUID = 1L;

  public DocsGateException(String message) {
    super(message);
  }
}
