package dev.buildgate.integration.wait;

import dev.buildgate.integration.ServiceContainer;
import java.util.List;

/** A service's containers report health status {@code healthy}; fatal when one exited. */
final class HealthyProbe implements WaitProbe {
  private final String service;

  HealthyProbe(String service) {
    this.service = service;
  }

  @Override
  public ProbeResult check(List<ServiceContainer> snapshot, int timeoutMs) {
    List<ServiceContainer> cs = WaitProbe.containersOf(service, snapshot);
    if (cs.isEmpty()) {
      return ProbeResult.notYet("no container yet");
    }
    for (ServiceContainer c : cs) {
      if (c.exited()) {
        return ProbeResult.fatal(
            "container " + c.name() + " exited with code " + c.exitCode() + " before healthy");
      }
      if (c.health() == null) {
        return ProbeResult.fatal(
            "service " + service + " has no healthcheck: add one or wait for a URL/port instead");
      }
      if (!"healthy".equals(c.health())) {
        return ProbeResult.notYet("health: " + c.health());
      }
    }
    return ProbeResult.ok("");
  }
}
