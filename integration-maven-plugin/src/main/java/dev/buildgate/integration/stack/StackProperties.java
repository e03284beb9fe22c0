package dev.buildgate.integration.stack;

import dev.buildgate.integration.ServiceContainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The properties a started stack exports: its project, run id and published ports. */
final class StackProperties {
  private StackProperties() {}

  /**
   * integration.project, integration.runId, integration.host (where published ports are reached),
   * integration.<service>.<port>[.host|.port].
   */
  static Map<String, String> of(
      String project, String runId, List<ServiceContainer> containers, String portHost) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("integration.project", project);
    p.put("integration.runId", runId);
    p.put("integration.host", portHost);
    for (ServiceContainer c : containers) {
      for (ServiceContainer.PublishedPort port : c.ports()) {
        if (port.hostIp() != null && port.hostIp().contains(":") && hasIpv4(c, port)) {
          continue; // prefer the IPv4 binding of the same port
        }
        String key =
            "integration."
                + c.service()
                + "."
                + port.containerPort()
                + (port.protocol().equalsIgnoreCase("udp") ? ".udp" : "");
        if (p.containsKey(key)) {
          continue; // first replica wins
        }
        String addr = port.address(portHost);
        p.put(key, addr);
        p.put(key + ".host", addr.substring(0, addr.lastIndexOf(':')));
        p.put(key + ".port", Integer.toString(port.hostPort()));
      }
    }
    return p;
  }

  private static boolean hasIpv4(ServiceContainer c, ServiceContainer.PublishedPort v6) {
    for (ServiceContainer.PublishedPort p : c.ports()) {
      if (p.containerPort() == v6.containerPort()
          && p.protocol().equals(v6.protocol())
          && p.hostIp() != null
          && !p.hostIp().contains(":")) {
        return true;
      }
    }
    return false;
  }

  /** Environment variable name for a property: integration.web.8080 -> INTEGRATION_WEB_8080. */
  static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
