package dev.buildgate.docs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.net.ProxySettings;
import dev.buildgate.docs.RecordingProxy;
import dev.buildgate.docs.TestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings.xml proxy of git (a child tool, through HTTP_PROXY), through a real proxy on
 * loopback that records what went through it. The remote's host name exists only in the proxy, so a
 * request that reaches it went through the proxy.
 */
class GhPagesPublisherProxyTest {

  private static final String USER = "ci-user";
  private static final String PASSWORD = "p@ss w0rd:proxy";

  @TempDir Path tmp;

  final List<String> logged = Collections.synchronizedList(new ArrayList<>());
  final GateLog log =
      new GateLog() {
        @Override
        public void info(String m) {
          logged.add(m);
        }

        @Override
        public void warn(String m) {
          logged.add(m);
        }

        @Override
        public void debug(String m) {
          logged.add(m);
        }
      };

  private static Network via(
      RecordingProxy proxy, String user, String password, String... nonProxyHosts) {
    ProxySettings p =
        new ProxySettings("127.0.0.1", proxy.port(), user, password, List.of(nonProxyHosts));
    return new Network(false, p, p);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void gitGoesThroughTheProxyWithItsCredentialsMasked() throws Exception {
    Path site = tmp.resolve("site");
    Files.createDirectories(site);
    Files.writeString(site.resolve("index.html"), "<h1>docs</h1>\n");
    try (TestSupport.Http origin = new TestSupport.Http();
        RecordingProxy proxy = new RecordingProxy(USER, PASSWORD)) {
      proxy.route("git.buildgate.test", origin.server.getAddress().getPort());
      String remote = "http://git.buildgate.test/owner/repo.git";
      DeployConfig o =
          new DeployConfig(
              tmp,
              site,
              tmp.resolve("work"),
              remote,
              "gh-pages",
              null,
              false,
              1,
              "Deploy docs",
              null,
              null,
              null,
              null);

      assertThatThrownBy(
              () ->
                  new GhPagesPublisher(
                          TestSupport.runner(), TestSupport.env(), log, via(proxy, USER, PASSWORD))
                      .publish(o))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessageContaining("Could not read " + remote)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));

      assertThat(proxy.requests)
          .anySatisfy(
              r -> {
                assertThat(r.target()).startsWith(remote + "/info/refs");
                assertThat(r.proxyAuthorization()).isEqualTo(basic(USER, PASSWORD));
              });
      assertThat(origin.requests).anyMatch(p -> p.equals("/owner/repo.git/info/refs"));
      assertThat(String.join("\n", logged)).doesNotContain(PASSWORD);
    }
  }
}
