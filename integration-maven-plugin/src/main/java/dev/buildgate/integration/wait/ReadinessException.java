package dev.buildgate.integration.wait;

import dev.buildgate.integration.StackException;
import java.util.List;

/** The stack did not become ready before the deadline; names every wait that never succeeded. */
public final class ReadinessException extends StackException {
  private static final long serialVersionUID = 1L;
  private final List<String> notReady;

  public ReadinessException(String message, List<String> notReady) {
    super(message);
    this.notReady = List.copyOf(notReady);
  }

  public List<String> notReady() {
    return notReady;
  }
}
