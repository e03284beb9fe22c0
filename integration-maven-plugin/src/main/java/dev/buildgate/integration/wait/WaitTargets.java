package dev.buildgate.integration.wait;

import dev.buildgate.core.gate.Echo;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The waits' targets against a started stack: the services they name must be in it, and {@code
 * ${integration.*}} placeholders and {@code service:port} addresses become the addresses the stack
 * publishes.
 */
public final class WaitTargets {
  private WaitTargets() {}

  /**
   * Fails when a wait names a service the stack does not have.
   *
   * @param waits the configured waits
   * @param services the services of the rendered file
   * @throws IntegrationConfigException naming the wait and the services there are
   */
  public static void checkServices(List<WaitSpec> waits, List<String> services)
      throws IntegrationConfigException {
    for (WaitSpec w : waits) {
      if (w.service() != null && !services.contains(w.service())) {
        throw new IntegrationConfigException(
            "readiness wait '"
                + w.describe()
                + "' names service '"
                + w.service()
                + "', which is not in the CI stack (services: "
                + Echo.list(services)
                + "); fix <waits>.");
      }
    }
  }

  /**
   * The waits with the addresses the stack publishes.
   *
   * @param waits the configured waits
   * @param services the services of the rendered file
   * @param props the stack's properties ({@code integration.<service>.<port>} and friends)
   * @return the waits, their targets resolved
   * @throws IntegrationConfigException when a target uses an address the stack does not publish
   */
  public static List<WaitSpec> resolve(
      List<WaitSpec> waits, List<String> services, Map<String, String> props)
      throws IntegrationConfigException {
    List<WaitSpec> out = new ArrayList<>();
    for (WaitSpec w : waits) {
      String target = serviceAddress(w, Placeholders.resolve(w.target(), props), services, props);
      List<String> left = Placeholders.unresolved(target);
      if (!left.isEmpty()) {
        throw new IntegrationConfigException(
            "readiness wait '"
                + w.target()
                + "' uses "
                + left
                + ", which the stack does not publish (published: "
                + props.keySet().stream().filter(k -> k.matches(".*\\.[0-9]+$")).toList()
                + "); fix <waits> or the service's ports.");
      }
      out.add(w.withTarget(target));
    }
    return out;
  }

  /**
   * Lets tcp waits say {@code service:port} and http waits {@code http://service:port/...}: the
   * container port is replaced by the address it is published on.
   */
  static String serviceAddress(
      WaitSpec w, String target, List<String> services, Map<String, String> props)
      throws IntegrationConfigException {
    int start = authorityStart(w, target);
    if (start < 0) {
      return target;
    }
    int end = w.kind() == WaitSpec.Kind.TCP ? target.length() : target.indexOf('/', start);
    String authority = end < 0 ? target.substring(start) : target.substring(start, end);
    int colon = authority.lastIndexOf(':');
    if (colon <= 0) {
      return target;
    }
    String host = authority.substring(0, colon);
    String port = authority.substring(colon + 1);
    if (!services.contains(host) || !port.matches("[0-9]+")) {
      return target;
    }
    String published = props.get("integration." + host + "." + port);
    if (published == null) {
      throw new IntegrationConfigException(
          "readiness wait '"
              + w.target()
              + "': service "
              + host
              + " does not publish port "
              + port
              + "; add ports: [\"127.0.0.1::"
              + port
              + "\"] to it (an override or the compose file).");
    }
    return target.substring(0, start) + published + target.substring(start + authority.length());
  }

  /** Where the host:port part starts: 0 for tcp, after the scheme for http; -1 for neither. */
  private static int authorityStart(WaitSpec w, String target) {
    if (w.kind() == WaitSpec.Kind.TCP) {
      return 0;
    }
    if (w.kind() == WaitSpec.Kind.HTTP) {
      int scheme = target.indexOf("://");
      return scheme < 0 ? -1 : scheme + 3;
    }
    return -1;
  }
}
