package dev.buildgate.integration.wait;

import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackView;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks one readiness wait once; one implementation per {@link WaitSpec.Kind}. {@link Readiness}
 * polls the probes of all waits under one deadline.
 */
public interface WaitProbe {
  /**
   * Checks once.
   *
   * @param containers the stack's containers at this round (only read by probes of a service)
   * @param timeoutMs the longest a network probe may block
   * @return the outcome
   * @throws StackException when the engine cannot be asked
   */
  ProbeResult check(List<ServiceContainer> containers, int timeoutMs) throws StackException;

  /**
   * The probe of a wait.
   *
   * @param wait the wait, its target resolved
   * @param view the stack (logs of a service)
   * @return the probe
   */
  static WaitProbe of(WaitSpec wait, StackView view) {
    return switch (wait.kind()) {
      case HTTP -> new HttpProbe(wait);
      case TCP -> new TcpProbe(wait.target());
      case HEALTHY -> new HealthyProbe(wait.target());
      case EXITED -> new ExitedProbe(wait.target());
      case LOG -> new LogProbe(wait.target(), wait.pattern(), view);
    };
  }

  /** The containers of one service in a snapshot. */
  static List<ServiceContainer> containersOf(String service, List<ServiceContainer> snapshot) {
    List<ServiceContainer> out = new ArrayList<>();
    for (ServiceContainer c : snapshot) {
      if (service.equals(c.service())) {
        out.add(c);
      }
    }
    return out;
  }

  /** A one-line reason of a failed connection (the exception's class when it says nothing). */
  static String reason(Exception e) {
    String m = e.getMessage();
    String name = e.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      return name;
    }
    m = m.replace('\n', ' ');
    if (m.length() > 160) {
      m = m.substring(0, 160) + "...";
    }
    return m.toLowerCase(java.util.Locale.ROOT).contains(name.toLowerCase(java.util.Locale.ROOT))
        ? m
        : name.replace("Exception", "") + ": " + m;
  }
}
