package dev.buildgate.integration.kube;

import dev.buildgate.integration.StackException;

/** A Kubernetes call failed (API server unreachable, refused, an object invalid): one line. */
public class KubeException extends StackException {
  private static final long serialVersionUID = 1L;

  public KubeException(String message) {
    super(message);
  }
}
