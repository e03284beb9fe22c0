package dev.buildgate.integration;

import java.util.List;

/** Read access to a running stack (the Docker engine in production). */
public interface StackView {
  /** Every container of the stack, also exited ones; one engine round-trip per call. */
  List<ServiceContainer> containers() throws StackException;

  /** The last {@code tail} lines of a container's log (stdout and stderr). */
  String logs(String containerId, int tail) throws StackException;
}
