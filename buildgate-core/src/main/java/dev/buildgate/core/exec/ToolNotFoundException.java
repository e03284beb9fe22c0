package dev.buildgate.core.exec;

/** No way to run a tool was found; the message says how to install or configure it. */
public class ToolNotFoundException extends ExecException {

  private static final long serialVersionUID = 1L;

  private final String tool;

  /**
   * Creates an exception.
   *
   * @param tool the tool's name
   * @param message one message saying how to install or configure the tool
   */
  public ToolNotFoundException(String tool, String message) {
    super(message);
    this.tool = tool;
  }

  /**
   * Returns the tool that was not found.
   *
   * @return the tool's name
   */
  public String tool() {
    return tool;
  }
}
