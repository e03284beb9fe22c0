package dev.buildgate.integration.wait;

/**
 * The outcome of one check of a {@link WaitProbe}.
 *
 * @param ready the wait holds
 * @param fatal it can never hold (a one-shot service failed, a service without healthcheck): the
 *     wait fails at once
 * @param detail what was seen, for the log and the timeout message
 */
public record ProbeResult(boolean ready, boolean fatal, String detail) {
  /** The wait holds. */
  public static ProbeResult ok(String detail) {
    return new ProbeResult(true, false, detail);
  }

  /** Not yet: check again later. */
  public static ProbeResult notYet(String detail) {
    return new ProbeResult(false, false, detail);
  }

  /** Never: fail the wait now. */
  public static ProbeResult fatal(String detail) {
    return new ProbeResult(false, true, detail);
  }
}
