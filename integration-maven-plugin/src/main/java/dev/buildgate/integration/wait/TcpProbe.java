package dev.buildgate.integration.wait;

import dev.buildgate.integration.ServiceContainer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/** A TCP connection to host:port is accepted and stays open (or greets). */
final class TcpProbe implements WaitProbe {
  private final String hostPort;

  TcpProbe(String hostPort) {
    this.hostPort = hostPort;
  }

  @Override
  public ProbeResult check(List<ServiceContainer> snapshot, int timeoutMs) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return ProbeResult.fatal("'" + hostPort + "' is not host:port");
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      return ProbeResult.fatal("'" + hostPort + "' is not host:port");
    }
    try (Socket s = new Socket(Proxy.NO_PROXY)) {
      s.connect(new InetSocketAddress(host, port), timeoutMs);
      // docker-proxy accepts on the host even when nothing listens in the container yet, and then
      // closes at once: a connection that stays open (or greets) for 100 ms is a real listener.
      s.setSoTimeout(100);
      try {
        int b = s.getInputStream().read();
        return b < 0 ? ProbeResult.notYet("connection closed at once") : ProbeResult.ok("");
      } catch (SocketTimeoutException quiet) {
        return ProbeResult.ok("");
      }
    } catch (IOException e) {
      return ProbeResult.notYet(WaitProbe.reason(e));
    }
  }
}
