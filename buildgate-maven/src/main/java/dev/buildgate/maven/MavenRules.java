package dev.buildgate.maven;

import dev.buildgate.core.net.Network;
import dev.buildgate.core.net.ProxySettings;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Maven's own switches, read once here so the domain code stays Maven-free: offline ({@code -o})
 * and the settings.xml proxies as a {@link Network}, and the test-skipping properties Failsafe
 * obeys.
 */
public final class MavenRules {

  /** The properties that skip integration tests, in the order they are reported. */
  public static final List<String> SKIP_TEST_PROPERTIES =
      List.of("maven.test.skip", "skipTests", "skipITs");

  private MavenRules() {}

  /**
   * Offline and the active proxies of the session's settings, passwords decrypted.
   *
   * @param session the session (may be null: {@link Network#DIRECT})
   * @param decrypter decrypts {@code {...}} proxy passwords (may be null: values as written)
   * @return the network rules
   * @throws MojoExecutionException one line naming the bad {@code <proxy>} and the fix
   */
  public static Network network(MavenSession session, SettingsDecrypter decrypter)
      throws MojoExecutionException {
    if (session == null) {
      return Network.DIRECT;
    }
    return network(session.isOffline(), session.getSettings(), decrypter);
  }

  /**
   * Offline and the active proxies of these settings. {@code http://} URLs use the first active
   * proxy whose {@code <protocol>} is {@code http}; {@code https://} URLs the first whose protocol
   * is {@code https}, else the {@code http} one (settings.xml usually names one proxy, with {@code
   * <protocol>http</protocol>}, for both).
   *
   * @param offline Maven runs offline
   * @param settings the settings (may be null)
   * @param decrypter decrypts proxy passwords (may be null)
   * @return the network rules
   * @throws MojoExecutionException one line naming the bad {@code <proxy>} and the fix
   */
  public static Network network(boolean offline, Settings settings, SettingsDecrypter decrypter)
      throws MojoExecutionException {
    ProxySettings http = proxy(settings, decrypter, "http");
    ProxySettings https = proxy(settings, decrypter, "https");
    return new Network(offline, http, https != null ? https : http);
  }

  private static ProxySettings proxy(
      Settings settings, SettingsDecrypter decrypter, String protocol)
      throws MojoExecutionException {
    if (settings == null) {
      return null;
    }
    for (Proxy p : settings.getProxies()) {
      String proto =
          p.getProtocol() == null || p.getProtocol().isBlank() ? "http" : p.getProtocol();
      if (!p.isActive() || !proto.trim().equalsIgnoreCase(protocol)) {
        continue;
      }
      Proxy d = p;
      if (decrypter != null) {
        SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(p));
        if (r.getProxy() != null) {
          d = r.getProxy();
        }
      }
      try {
        return new ProxySettings(
            d.getHost() == null ? "" : d.getHost().trim(),
            d.getPort(),
            d.getUsername(),
            d.getPassword(),
            ProxySettings.splitNonProxyHosts(d.getNonProxyHosts()));
      } catch (IllegalArgumentException e) {
        throw new MojoExecutionException(
            "settings.xml <proxy> '"
                + p.getId()
                + "' needs a <host> and a <port> (1-65535): fix it or set <active>false</active>");
      }
    }
    return null;
  }

  /**
   * Why the integration tests are skipped, the way Failsafe decides: {@code maven.test.skip},
   * {@code skipTests} or {@code skipITs} set to true ({@code -DskipITs} alone sets it to true) in
   * the user properties, the system properties or the project's properties (earlier ones win).
   *
   * @param session the session (may be null)
   * @param project the project (may be null)
   * @return the property that skips them, e.g. {@code skipITs}; empty when they run
   */
  public static Optional<String> testSkip(MavenSession session, MavenProject project) {
    return testSkip(
        session == null ? null : session.getUserProperties(),
        session == null ? null : session.getSystemProperties(),
        project == null ? null : project.getProperties());
  }

  /**
   * See {@link #testSkip(MavenSession, MavenProject)}.
   *
   * @param user the user properties (may be null)
   * @param system the system properties (may be null)
   * @param projectProps the project's properties (may be null)
   * @return the property that skips the integration tests; empty when they run
   */
  static Optional<String> testSkip(Properties user, Properties system, Properties projectProps) {
    for (String name : SKIP_TEST_PROPERTIES) {
      String value = firstSet(name, user, system, projectProps);
      if (value != null && value.trim().equalsIgnoreCase("true")) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static String firstSet(String name, Properties... sources) {
    for (Properties p : sources) {
      if (p != null && p.getProperty(name) != null) {
        return p.getProperty(name);
      }
    }
    return null;
  }
}
