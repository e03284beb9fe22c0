package dev.buildgate.integration.wait;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Waits until every {@link WaitSpec} holds, under one overall deadline, polling each wait's {@link
 * WaitProbe}. Each wait is polled on its own schedule: first after {@code initialInterval} (100
 * ms), then backing off by 1.5x up to the wait's cap (150 ms for loopback HTTP/TCP probes, 1 s for
 * engine queries). A one-shot service that exits non-zero, or a service that dies while awaited
 * healthy, fails at once.
 */
public final class Readiness {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  /** No deadline yet: far enough away, near enough that nanoTime arithmetic cannot overflow. */
  static final long NO_DEADLINE_NANOS = Duration.ofDays(365).toNanos();

  private final StackView view;
  private final GateLog log;
  private final Duration initialInterval;
  private final Duration progressEvery;

  public Readiness(StackView view, GateLog log, Duration initialInterval, Duration progressEvery) {
    this.view = view;
    this.log = log;
    this.initialInterval = initialInterval;
    this.progressEvery = progressEvery;
  }

  /** One wait not ready yet: its probe, its schedule and what it saw last. */
  private static final class Pending {
    final WaitSpec spec;
    final WaitProbe probe;
    long nextAt;
    long interval;
    String last = "not checked yet";
    String lastNonTimeout;

    Pending(WaitSpec spec, WaitProbe probe, long now, long interval) {
      this.spec = spec;
      this.probe = probe;
      this.nextAt = now;
      this.interval = interval;
    }

    void record(String detail) {
      if (detail.contains("timed out") && lastNonTimeout != null) {
        last = detail + "; before that: " + lastNonTimeout;
      } else {
        last = detail;
        if (!detail.contains("timed out")) {
          lastNonTimeout = detail;
        }
      }
    }

    String describe() {
      return spec.describe() + " (" + last + ")";
    }
  }

  /**
   * Blocks until all waits hold.
   *
   * @throws ReadinessException on timeout (naming every wait that is not ready) or a fatal state
   */
  public void await(List<WaitSpec> waits, Duration timeout)
      throws ReadinessException, StackException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    await(waits, timeout, () -> deadline);
  }

  /**
   * Blocks until all waits hold, under a deadline that may be set while waiting (probing can start
   * before the timeout's clock does: {@link EarlyReadiness}).
   *
   * @param timeout the timeout, as named in the message when it passes
   * @param deadline the {@link System#nanoTime()} when it passes, read on every round
   * @throws ReadinessException on timeout (naming every wait that is not ready) or a fatal state
   */
  void await(List<WaitSpec> waits, Duration timeout, LongSupplier deadline)
      throws ReadinessException, StackException, InterruptedException {
    long start = System.nanoTime();
    List<Pending> pending = new ArrayList<>();
    for (WaitSpec w : waits) {
      pending.add(new Pending(w, WaitProbe.of(w, view), start, initialInterval.toNanos()));
    }
    long nextProgress = start + progressEvery.toNanos();
    while (!pending.isEmpty()) {
      probeDue(pending, start, deadline.getAsLong());
      if (pending.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      long until = deadline.getAsLong();
      if (now - until >= 0) {
        throw timedOut(pending, timeout);
      }
      if (now - nextProgress >= 0) {
        logProgress(pending, until - now);
        nextProgress = now + progressEvery.toNanos();
      }
      sleepUntilNext(pending, Math.min(until, now + progressEvery.toNanos()));
    }
  }

  /** Runs the probes that are due; removes the waits that hold. */
  private void probeDue(List<Pending> pending, long start, long deadline)
      throws ReadinessException, StackException {
    long now = System.nanoTime();
    List<ServiceContainer> snapshot = null;
    for (var it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.nextAt > now) {
        continue;
      }
      if (p.spec.service() != null && snapshot == null) {
        snapshot = view.containers();
      }
      ProbeResult r = p.probe.check(snapshot, probeTimeoutMs(deadline));
      if (r.ready()) {
        log.info(
            "ready: "
                + p.spec.describe()
                + " after "
                + millis(System.nanoTime() - start)
                + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
        it.remove();
        continue;
      }
      p.record(r.detail());
      if (r.fatal()) {
        throw new ReadinessException(
            "stack not ready: " + p.spec.describe() + ": " + r.detail(),
            List.of(p.spec.describe() + " (" + r.detail() + ")"));
      }
      p.interval = Math.min((long) (p.interval * 1.5), p.spec.maxPollInterval().toNanos());
      p.nextAt = System.nanoTime() + p.interval;
    }
  }

  private static int probeTimeoutMs(long deadline) {
    long left = Math.max(50, (deadline - System.nanoTime()) / 1_000_000L);
    return (int) Math.min(PROBE_TIMEOUT.toMillis(), left);
  }

  private static ReadinessException timedOut(List<Pending> pending, Duration timeout) {
    List<String> names = pending.stream().map(Pending::describe).toList();
    return new ReadinessException(
        "stack not ready after "
            + millis(timeout.toNanos())
            + "; never ready: "
            + String.join("; ", names),
        names);
  }

  private void logProgress(List<Pending> pending, long leftNanos) {
    log.info(
        "waiting ("
            + (leftNanos > NO_DEADLINE_NANOS / 2
                ? "compose still starting"
                : leftNanos / 1_000_000_000L + " s left")
            + ") for: "
            + String.join("; ", pending.stream().map(Pending::describe).toList()));
  }

  private static void sleepUntilNext(List<Pending> pending, long latest)
      throws InterruptedException {
    long wake = latest;
    for (Pending p : pending) {
      wake = Math.min(wake, p.nextAt);
    }
    long sleep = wake - System.nanoTime();
    if (sleep > 0) {
      Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
    }
  }

  /**
   * Prepares the probes of these waits, to run in the background while compose starts the stack
   * (the HTTP(S) classes and the first TLS handshake's work). Nothing is sent anywhere.
   *
   * @param waits the waits
   * @return the preparation (does nothing without HTTP waits)
   */
  public static Runnable warmUp(List<WaitSpec> waits) {
    return HttpProbe.warmUp(waits);
  }

  /** Services whose logs explain a failed wait (the service itself, or who publishes the port). */
  public static Set<String> servicesOf(List<String> notReady, List<ServiceContainer> containers) {
    Set<String> out = new LinkedHashSet<>();
    for (String d : notReady) {
      for (ServiceContainer c : containers) {
        if (d.startsWith("service " + c.service() + " ")) {
          out.add(c.service());
        }
        for (ServiceContainer.PublishedPort p : c.ports()) {
          if (d.contains(":" + p.hostPort() + "/")
              || d.contains(":" + p.hostPort() + " ")
              || d.endsWith(":" + p.hostPort())) {
            out.add(c.service());
          }
        }
      }
    }
    return out;
  }

  /** A duration for the log: {@code 850 ms}, {@code 2 s}, {@code 2.5 s}. */
  public static String millis(long nanos) {
    long ms = nanos / 1_000_000L;
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
