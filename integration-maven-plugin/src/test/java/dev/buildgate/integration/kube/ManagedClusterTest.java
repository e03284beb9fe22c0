package dev.buildgate.integration.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedClusterTest {

  @TempDir Path tmp;

  @Test
  void theEphemeralRangeIsReadFromTheKernelsFileOrDefaults() throws Exception {
    Path f = tmp.resolve("ip_local_port_range");
    Files.writeString(f, "40000\t50000\n");
    assertThat(ManagedCluster.ephemeralRange(f)).containsExactly(40000, 50000);
    Files.writeString(f, "garbage");
    assertThat(ManagedCluster.ephemeralRange(f)).containsExactly(32768, 60999);
    Files.writeString(f, "50000 40000");
    assertThat(ManagedCluster.ephemeralRange(f)).containsExactly(32768, 60999);
    assertThat(ManagedCluster.ephemeralRange(tmp.resolve("missing"))).containsExactly(32768, 60999);
  }

  @Test
  void aPortForTheClusterIsFreeAndBelowTheEphemeralRange() throws Exception {
    int[] range = ManagedCluster.ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    for (int i = 0; i < 20; i++) {
      int port = ManagedCluster.freePort();
      if (range[0] - 1 - ManagedCluster.LOWEST_PORT >= 1000) {
        assertThat(port).isBetween(ManagedCluster.LOWEST_PORT, range[0] - 1);
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }
  }
}
