package dev.buildgate.docs;

/** The docs goal could not run: bad configuration, missing tool, unreachable URL or remote. */
public class DocsSetupException extends Exception {
  private static final long serialVersionUID = 1L;

  public DocsSetupException(String message) {
    super(message);
  }

  public DocsSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
