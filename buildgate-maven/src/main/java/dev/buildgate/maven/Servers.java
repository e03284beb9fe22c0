package dev.buildgate.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** settings.xml servers, decrypted with Maven's {@link SettingsDecrypter} when one is given. */
public final class Servers {

  private Servers() {}

  /**
   * The server with this id.
   *
   * @param settings the user's settings (may be null)
   * @param decrypter decrypts {@code {...}} passwords (may be null: values as written)
   * @param id the server id (blank: none)
   * @return the decrypted credentials, empty when there are no settings or no such server
   */
  public static Optional<ServerCredentials> credentials(
      Settings settings, SettingsDecrypter decrypter, String id) {
    if (settings == null || id == null || id.isBlank()) {
      return Optional.empty();
    }
    Server server = settings.getServer(id);
    return server == null ? Optional.empty() : Optional.of(decrypt(server, decrypter));
  }

  /**
   * Every server, in settings.xml order.
   *
   * @param settings the user's settings (may be null)
   * @param decrypter decrypts {@code {...}} passwords (may be null: values as written)
   * @return the decrypted credentials
   */
  public static List<ServerCredentials> all(Settings settings, SettingsDecrypter decrypter) {
    List<ServerCredentials> out = new ArrayList<>();
    if (settings != null) {
      for (Server s : settings.getServers()) {
        out.add(decrypt(s, decrypter));
      }
    }
    return out;
  }

  private static ServerCredentials decrypt(Server server, SettingsDecrypter decrypter) {
    Server s = server;
    if (decrypter != null) {
      SettingsDecryptionResult r = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      if (r.getServer() != null) {
        s = r.getServer();
      }
    }
    return new ServerCredentials(s.getId(), s.getUsername(), s.getPassword(), s.getPassphrase());
  }
}
