package dev.buildgate.integration.wait;

import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackView;
import java.util.List;
import java.util.regex.Pattern;

/** A service's log (its last 5000 lines) has a line matching a pattern; fatal once it exited. */
final class LogProbe implements WaitProbe {
  private final String service;
  private final Pattern pattern;
  private final StackView view;

  LogProbe(String service, Pattern pattern, StackView view) {
    this.service = service;
    this.pattern = pattern;
    this.view = view;
  }

  @Override
  public ProbeResult check(List<ServiceContainer> snapshot, int timeoutMs) throws StackException {
    List<ServiceContainer> cs = WaitProbe.containersOf(service, snapshot);
    if (cs.isEmpty()) {
      return ProbeResult.notYet("no container yet");
    }
    for (ServiceContainer c : cs) {
      String text = view.logs(c.id(), 5000);
      if (!pattern.matcher(text).find()) {
        if (c.exited()) {
          return ProbeResult.fatal(
              "container " + c.name() + " exited (code " + c.exitCode() + ") without that line");
        }
        return ProbeResult.notYet("no matching line yet");
      }
    }
    return ProbeResult.ok("");
  }
}
