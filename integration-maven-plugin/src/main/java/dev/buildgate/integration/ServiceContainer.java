package dev.buildgate.integration;

import dev.buildgate.core.docker.DockerHost;
import java.util.List;

/**
 * One container of a compose stack, as inspected.
 *
 * @param id container id
 * @param name container name
 * @param service compose service name
 * @param state {@code created}, {@code running}, {@code restarting}, {@code exited}, {@code dead}
 * @param exitCode the exit code (meaningful when exited)
 * @param health {@code starting}, {@code healthy}, {@code unhealthy}, or null without healthcheck
 * @param ports published ports
 */
public record ServiceContainer(
    String id,
    String name,
    String service,
    String state,
    int exitCode,
    String health,
    List<PublishedPort> ports) {

  public ServiceContainer {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  public boolean exited() {
    return "exited".equals(state) || "dead".equals(state);
  }

  /**
   * A published port.
   *
   * @param containerPort the port inside the container
   * @param protocol tcp or udp
   * @param hostIp the host address (0.0.0.0 / :: / 127.0.0.1 ...)
   * @param hostPort the host port
   */
  public record PublishedPort(int containerPort, String protocol, String hostIp, int hostPort) {
    /** The address a client on this host connects to when the daemon is local. */
    public String address() {
      return address(DockerHost.LOOPBACK);
    }

    /**
     * The address a client of the stack connects to.
     *
     * @param host the host of the daemon's published ports ({@link DockerHost#portHost()}, or the
     *     {@code buildgate.integration.host} override): a wildcard binding is reached there, and so
     *     is a loopback binding when that host is not this host's loopback; an address the port is
     *     bound to explicitly is kept
     * @return {@code host:port} ({@code [v6]:port})
     */
    public String address(String host) {
      String h = hostIp;
      boolean wildcard = h == null || h.isEmpty() || h.equals("0.0.0.0") || h.equals("::");
      if (!DockerHost.isLoopback(host) && (wildcard || DockerHost.isLoopback(h))) {
        h = host;
      } else if (wildcard) {
        h = "::".equals(h) ? "[::1]" : DockerHost.LOOPBACK;
      }
      if (h.contains(":") && !h.startsWith("[")) {
        h = "[" + h + "]";
      }
      return h + ":" + hostPort;
    }
  }
}
