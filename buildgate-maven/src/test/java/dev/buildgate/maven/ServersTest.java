package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class ServersTest {

  /** Decrypts "{enc:x}" to "x", the way a master password would; other values pass unchanged. */
  private static final SettingsDecrypter DECRYPTER =
      request -> {
        Server in = request.getServers().get(0);
        Server out = in.clone();
        out.setPassword(unwrap(in.getPassword()));
        out.setPassphrase(unwrap(in.getPassphrase()));
        return result(out);
      };

  private static String unwrap(String v) {
    return v != null && v.startsWith("{enc:") ? v.substring(5, v.length() - 1) : v;
  }

  private static SettingsDecryptionResult result(Server server) {
    return new SettingsDecryptionResult() {
      @Override
      public Server getServer() {
        return server;
      }

      @Override
      public List<Server> getServers() {
        return List.of(server);
      }

      @Override
      public Proxy getProxy() {
        return null;
      }

      @Override
      public List<Proxy> getProxies() {
        return List.of();
      }

      @Override
      public List<SettingsProblem> getProblems() {
        return List.of();
      }
    };
  }

  private static Server server(String id, String user, String password, String passphrase) {
    Server s = new Server();
    s.setId(id);
    s.setUsername(user);
    s.setPassword(password);
    s.setPassphrase(passphrase);
    return s;
  }

  private static Settings settings() {
    Settings settings = new Settings();
    settings.addServer(server("registry", "ci", "{enc:s3cret}", null));
    settings.addServer(server("pages", null, null, "{enc:token}"));
    settings.addServer(server("plain", "u", "pw", null));
    return settings;
  }

  @Test
  void oneServerIsDecrypted() {
    ServerCredentials c = Servers.credentials(settings(), DECRYPTER, "registry").orElseThrow();
    assertThat(c.id()).isEqualTo("registry");
    assertThat(c.username()).isEqualTo("ci");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.secret()).isEqualTo("s3cret");
    ServerCredentials pages = Servers.credentials(settings(), DECRYPTER, "pages").orElseThrow();
    assertThat(pages.password()).isNull();
    assertThat(pages.secret()).isEqualTo("token");
  }

  @Test
  void withoutDecrypterValuesAreAsWritten() {
    assertThat(Servers.credentials(settings(), null, "registry").orElseThrow().password())
        .isEqualTo("{enc:s3cret}");
  }

  @Test
  void missingServerSettingsOrIdIsEmpty() {
    assertThat(Servers.credentials(settings(), DECRYPTER, "nope")).isEmpty();
    assertThat(Servers.credentials(settings(), DECRYPTER, " ")).isEmpty();
    assertThat(Servers.credentials(settings(), DECRYPTER, null)).isEmpty();
    assertThat(Servers.credentials(null, DECRYPTER, "registry")).isEmpty();
    assertThat(Servers.all(null, DECRYPTER)).isEmpty();
  }

  @Test
  void allServersInSettingsOrder() {
    assertThat(Servers.all(settings(), DECRYPTER))
        .extracting(ServerCredentials::id, ServerCredentials::secret)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("registry", "s3cret"),
            org.assertj.core.groups.Tuple.tuple("pages", "token"),
            org.assertj.core.groups.Tuple.tuple("plain", "pw"));
  }

  @Test
  void toStringHidesSecrets() {
    ServerCredentials c = new ServerCredentials("r", "ci", "s3cret", "key-words");
    assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("key-words").contains("ci");
  }
}
