package dev.buildgate.core.exec;

/** The executable of a command does not exist or is not executable. */
public class ExecutableNotFoundException extends ExecException {

  private static final long serialVersionUID = 1L;

  private final String executable;
  private final String searchedPath;

  /**
   * Creates an exception naming the executable and the {@code PATH} that was searched.
   *
   * @param executable the executable as given in the argv
   * @param searchedPath the {@code PATH} value searched, or {@code null} when the executable was
   *     given as a path
   */
  public ExecutableNotFoundException(String executable, String searchedPath) {
    super(message(executable, searchedPath));
    this.executable = executable;
    this.searchedPath = searchedPath;
  }

  /**
   * Creates an exception with a custom message.
   *
   * @param executable the executable as given in the argv
   * @param searchedPath the {@code PATH} value searched, or {@code null}
   * @param message the full message
   * @param cause the underlying failure, may be {@code null}
   */
  public ExecutableNotFoundException(
      String executable, String searchedPath, String message, Throwable cause) {
    super(message, cause);
    this.executable = executable;
    this.searchedPath = searchedPath;
  }

  private static String message(String executable, String searchedPath) {
    if (searchedPath == null) {
      return "Executable '" + executable + "' does not exist or is not executable";
    }
    return "Executable '"
        + executable
        + "' not found on PATH ("
        + (searchedPath.isEmpty() ? "PATH is empty" : "searched " + searchedPath)
        + "): install it or put its directory on PATH";
  }

  /**
   * Returns the executable that was not found.
   *
   * @return the executable as given
   */
  public String executable() {
    return executable;
  }

  /**
   * Returns the {@code PATH} value that was searched.
   *
   * @return the searched {@code PATH}, or {@code null} when the executable was given as a path
   */
  public String searchedPath() {
    return searchedPath;
  }
}
