package dev.buildgate.core.docker;

/**
 * Credentials for one registry. {@link #toString()} never shows the password.
 *
 * @param username the user name ({@code <token>} for an identity token from a helper)
 * @param password the password or token
 * @param source where they came from, for messages (e.g. {@code settings.xml server
 *     '127.0.0.1:5000'}, {@code docker config auths}), never the secret itself
 */
public record RegistryCredentials(String username, String password, String source) {

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=****, source=" + source + "]";
  }
}
