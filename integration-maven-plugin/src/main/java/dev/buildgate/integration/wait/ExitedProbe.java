package dev.buildgate.integration.wait;

import dev.buildgate.integration.ServiceContainer;
import java.util.List;

/** A one-shot service's containers exited with code 0; fatal on any other code. */
final class ExitedProbe implements WaitProbe {
  private final String service;

  ExitedProbe(String service) {
    this.service = service;
  }

  @Override
  public ProbeResult check(List<ServiceContainer> snapshot, int timeoutMs) {
    List<ServiceContainer> cs = WaitProbe.containersOf(service, snapshot);
    if (cs.isEmpty()) {
      return ProbeResult.notYet("no container yet");
    }
    for (ServiceContainer c : cs) {
      if (!c.exited()) {
        return ProbeResult.notYet(c.state());
      }
      if (c.exitCode() != 0) {
        return ProbeResult.fatal("container " + c.name() + " exited with code " + c.exitCode());
      }
    }
    return ProbeResult.ok("");
  }
}
