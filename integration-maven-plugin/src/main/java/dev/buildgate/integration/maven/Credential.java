package dev.buildgate.integration.maven;

/**
 * Credentials for the test command, from a settings.xml server or from environment variables.
 * Values are masked in everything logged.
 */
public class Credential {
  /** settings.xml server id to read username/password from. */
  String server;

  /** Environment variable the username is passed in to the test command. */
  String usernameVariable;

  /** Environment variable the password is passed in to the test command. */
  String passwordVariable;

  /** Without {@code server}: environment variable of the build to read the username from. */
  String usernameFrom;

  /** Without {@code server}: environment variable of the build to read the password from. */
  String passwordFrom;
}
