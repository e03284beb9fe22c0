package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.net.Network;
import java.util.List;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class MavenRulesTest {

  /** Decrypts "{enc:x}" to "x", the way a master password would. */
  private static final SettingsDecrypter DECRYPTER =
      request -> {
        Proxy in = request.getProxies().get(0);
        Proxy out = in.clone();
        String pw = in.getPassword();
        out.setPassword(
            pw != null && pw.startsWith("{enc:") ? pw.substring(5, pw.length() - 1) : pw);
        return new SettingsDecryptionResult() {
          @Override
          public Server getServer() {
            return null;
          }

          @Override
          public List<Server> getServers() {
            return List.of();
          }

          @Override
          public Proxy getProxy() {
            return out;
          }

          @Override
          public List<Proxy> getProxies() {
            return List.of(out);
          }

          @Override
          public List<SettingsProblem> getProblems() {
            return List.of();
          }
        };
      };

  private static Proxy proxy(String id, String protocol, String host, int port, boolean active) {
    Proxy p = new Proxy();
    p.setId(id);
    p.setProtocol(protocol);
    p.setHost(host);
    p.setPort(port);
    p.setActive(active);
    return p;
  }

  @Test
  void activeProxiesPerProtocolWithDecryptedPassword() throws Exception {
    Settings s = new Settings();
    s.addProxy(proxy("off", "http", "inactive.corp", 1, false));
    Proxy http = proxy("corp", "http", "proxy.corp", 3128, true);
    http.setUsername("ci");
    http.setPassword("{enc:s3cret}");
    http.setNonProxyHosts("*.corp|localhost");
    s.addProxy(http);
    s.addProxy(proxy("tls", "https", "tls.corp", 8443, true));

    Network n = MavenRules.network(false, s, DECRYPTER);

    assertThat(n.offline()).isFalse();
    assertThat(n.httpProxy().host()).isEqualTo("proxy.corp");
    assertThat(n.httpProxy().password()).isEqualTo("s3cret");
    assertThat(n.httpProxy().nonProxyHosts()).containsExactly("*.corp", "localhost");
    assertThat(n.httpsProxy().host()).isEqualTo("tls.corp");
    assertThat(n.toString()).doesNotContain("s3cret");
  }

  @Test
  void theHttpProxyServesHttpsWhenNoHttpsProxyIsNamed() throws Exception {
    Settings s = new Settings();
    s.addProxy(proxy("corp", null, "proxy.corp", 3128, true));
    Network n = MavenRules.network(true, s, null);
    assertThat(n.offline()).isTrue();
    assertThat(n.httpsProxy()).isSameAs(n.httpProxy());
    assertThat(MavenRules.network(false, new Settings(), null)).isEqualTo(Network.DIRECT);
    assertThat(MavenRules.network(false, null, null)).isEqualTo(Network.DIRECT);
  }

  @Test
  void aProxyWithoutHostIsAOneLineError() {
    Settings s = new Settings();
    s.addProxy(proxy("broken", "http", null, 3128, true));
    assertThatThrownBy(() -> MavenRules.network(false, s, null))
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "settings.xml <proxy> 'broken' needs a <host> and a <port> (1-65535): fix it or set"
                + " <active>false</active>");
  }

  @SuppressWarnings("deprecation")
  @Test
  void offlineComesFromTheSession() throws Exception {
    MavenExecutionRequest req = new DefaultMavenExecutionRequest();
    req.setOffline(true);
    req.setSystemProperties(new Properties());
    req.setUserProperties(new Properties());
    MavenSession session = new MavenSession(null, req, null, List.of());
    assertThat(MavenRules.network(session, null).offline()).isTrue();
    assertThat(MavenRules.network(null, null)).isEqualTo(Network.DIRECT);
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void integrationTestsSkipTheWayFailsafeDoes() {
    assertThat(MavenRules.testSkip(props(), props(), props())).isEmpty();
    assertThat(MavenRules.testSkip(props("skipITs", "true"), null, null)).contains("skipITs");
    assertThat(MavenRules.testSkip(props("skipTests", "true"), null, null)).contains("skipTests");
    assertThat(MavenRules.testSkip(null, props("maven.test.skip", "TRUE"), null))
        .contains("maven.test.skip");
    // a POM property counts; the command line overrides it
    assertThat(MavenRules.testSkip(null, null, props("skipITs", "true"))).contains("skipITs");
    assertThat(MavenRules.testSkip(props("skipITs", "false"), null, props("skipITs", "true")))
        .isEmpty();
    assertThat(MavenRules.testSkip(props("skipTests", "false", "skipITs", "no"), null, null))
        .isEmpty();
    // several: the broadest is named
    assertThat(MavenRules.testSkip(props("skipITs", "true", "maven.test.skip", "true"), null, null))
        .contains("maven.test.skip");
  }
}
