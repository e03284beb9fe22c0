package dev.buildgate.core.exec;

import java.time.Duration;
import java.util.List;

/** A process did not finish within its timeout; its whole process tree was killed. */
public class ProcessTimeoutException extends ExecException {

  private static final long serialVersionUID = 1L;

  private final List<String> command;
  private final Duration timeout;
  private final transient ProcessResult partialResult;

  /**
   * Creates an exception naming the command and the timeout.
   *
   * @param command the (masked) argv
   * @param timeout the timeout that elapsed
   * @param partialResult the output captured until the process was killed, may be {@code null}
   */
  public ProcessTimeoutException(
      List<String> command, Duration timeout, ProcessResult partialResult) {
    super(
        "Command '"
            + String.join(" ", command)
            + "' did not finish within "
            + Durations.human(timeout)
            + " and was killed with its child processes; raise the timeout if it needs longer");
    this.command = List.copyOf(command);
    this.timeout = timeout;
    this.partialResult = partialResult;
  }

  /**
   * Returns the command that timed out.
   *
   * @return the (masked) argv
   */
  public List<String> command() {
    return command;
  }

  /**
   * Returns the timeout that elapsed.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the output captured before the process was killed.
   *
   * @return the partial result (exit code {@code -1}), or {@code null} if none is available
   */
  public ProcessResult partialResult() {
    return partialResult;
  }
}
