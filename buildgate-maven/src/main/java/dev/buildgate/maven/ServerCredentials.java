package dev.buildgate.maven;

/**
 * A settings.xml {@code <server>} after decryption, without Maven types. {@link #toString()} never
 * shows the password or passphrase.
 *
 * @param id the server id
 * @param username the username (may be null)
 * @param password the decrypted password (may be null)
 * @param passphrase the decrypted passphrase (may be null)
 */
public record ServerCredentials(String id, String username, String password, String passphrase) {

  /**
   * The password, else the passphrase (a token is often kept in either).
   *
   * @return the secret, or null when the server has neither
   */
  public String secret() {
    return password != null ? password : passphrase;
  }

  @Override
  public String toString() {
    return "ServerCredentials[id="
        + id
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "****")
        + ", passphrase="
        + (passphrase == null ? "null" : "****")
        + "]";
  }
}
