package dev.buildgate.integration.wait;

import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the readiness waits while {@code docker compose up} is still running: as soon as the
 * containers publish what the waits name (their ports), the probes run, so a service that is ready
 * by the time compose returns (compose still starts the services after it) costs no probing after
 * compose returned. The timeout's clock starts only when compose has returned ({@link #finish}), as
 * when the waits run afterwards.
 *
 * <p>The waits resolved early are used only when they equal the ones resolved after compose
 * returned (the authoritative resolution, with its configuration errors); otherwise the early run
 * is cancelled and the waits run as usual.
 */
public final class EarlyReadiness {

  /** Resolves the waits against a snapshot of the stack's containers. */
  @FunctionalInterface
  public interface Resolver {
    /**
     * The waits with their addresses.
     *
     * @throws IntegrationConfigException when they cannot be resolved yet (or at all)
     */
    List<WaitSpec> resolve(List<ServiceContainer> containers) throws IntegrationConfigException;
  }

  private final AtomicLong deadline =
      new AtomicLong(System.nanoTime() + Readiness.NO_DEADLINE_NANOS);
  private final Thread thread;
  private volatile List<WaitSpec> resolved;
  private volatile Throwable failure;
  private volatile boolean done;

  private EarlyReadiness(
      StackView view, Resolver resolver, Readiness readiness, Duration timeout, Duration poll) {
    thread =
        new Thread(
            () -> {
              try {
                List<WaitSpec> waits = null;
                while (waits == null) {
                  try {
                    waits = resolver.resolve(view.containers());
                  } catch (IntegrationConfigException | StackException notYet) {
                    Thread.sleep(Math.max(20, poll.toMillis()));
                  }
                }
                resolved = waits;
                readiness.await(waits, timeout, deadline::get);
              } catch (InterruptedException | StackException | RuntimeException e) {
                failure = e; // a ReadinessException is a StackException
              } finally {
                done = true;
              }
            },
            "buildgate-integration-readiness");
    thread.setDaemon(true);
  }

  /**
   * Starts probing in a background thread.
   *
   * @param view the stack
   * @param resolver resolves the waits once the containers publish their ports
   * @param readiness the probes
   * @param timeout the readiness timeout (its clock starts in {@link #finish})
   * @param poll how often the containers are looked at until the waits resolve
   * @return the running waits
   */
  public static EarlyReadiness start(
      StackView view, Resolver resolver, Readiness readiness, Duration timeout, Duration poll) {
    EarlyReadiness e = new EarlyReadiness(view, resolver, readiness, timeout, poll);
    e.thread.start();
    return e;
  }

  /**
   * Compose returned: waits until the early run ends under the timeout from now, when it resolved
   * the same waits.
   *
   * @param waits the waits as resolved after compose returned
   * @param timeout the readiness timeout
   * @return false when the early run resolved other waits (or none yet): it was cancelled, run the
   *     waits as usual
   * @throws ReadinessException a wait timed out or failed
   */
  public boolean finish(List<WaitSpec> waits, Duration timeout)
      throws ReadinessException, StackException, InterruptedException {
    List<WaitSpec> early = resolved;
    if (early == null || !targets(early).equals(targets(waits))) {
      cancel();
      return false;
    }
    deadline.set(System.nanoTime() + timeout.toNanos());
    thread.join();
    Throwable f = failure;
    if (f instanceof ReadinessException e) {
      throw e;
    }
    if (f instanceof StackException e) {
      throw e;
    }
    if (f instanceof InterruptedException e) {
      throw e;
    }
    if (f instanceof RuntimeException e) {
      throw e;
    }
    return done;
  }

  /** Stops the early run (compose failed, or the waits resolved differently). */
  public void cancel() throws InterruptedException {
    thread.interrupt();
    thread.join();
  }

  private static List<String> targets(List<WaitSpec> waits) {
    return waits.stream().map(w -> w.kind() + " " + w.target()).toList();
  }
}
