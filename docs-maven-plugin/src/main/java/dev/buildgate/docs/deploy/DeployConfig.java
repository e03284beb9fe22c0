package dev.buildgate.docs.deploy;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.docs.DocsDurations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything docs:deploy needs, immutable.
 *
 * @param basedir the project directory (a remote name is looked up in its git repository)
 * @param siteDir the built site
 * @param workDir a scratch directory for the temporary bare repository (deleted afterwards)
 * @param remote a remote name (origin) or URL/path
 * @param branch the pages branch (gh-pages)
 * @param cname the custom domain written to CNAME, or null (an existing CNAME is kept)
 * @param dryRun build the commit but do not push
 * @param maxAttempts pushes tried when the branch moved under us
 * @param message the commit message
 * @param authorName the commit author and committer name
 * @param authorEmail the commit author and committer e-mail
 * @param credentials http credentials, or null
 * @param timeout time limit of each git command
 */
public record DeployConfig(
    Path basedir,
    Path siteDir,
    Path workDir,
    String remote,
    String branch,
    String cname,
    boolean dryRun,
    int maxAttempts,
    String message,
    String authorName,
    String authorEmail,
    Credentials credentials,
    Duration timeout) {

  public DeployConfig {
    Objects.requireNonNull(basedir, "basedir");
    Objects.requireNonNull(siteDir, "siteDir");
    Objects.requireNonNull(workDir, "workDir");
    remote = blank(remote) ? "origin" : remote.strip();
    branch = blank(branch) ? "gh-pages" : branch.strip();
    cname = blank(cname) ? null : cname.strip();
    maxAttempts = Math.max(1, maxAttempts);
    message = blank(message) ? "Deploy docs" : message;
    authorName = blank(authorName) ? "Buildgate" : authorName;
    authorEmail = blank(authorEmail) ? "buildgate@users.noreply.github.com" : authorEmail;
    timeout = Objects.requireNonNullElse(timeout, Duration.ofMinutes(5));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * A builder from the settings as written, which checks them.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /** docs:deploy's settings as written; {@link #build()} checks them. */
  public static final class Builder {
    private Path basedir;
    private Path siteDir;
    private Path workDir;
    private String remote;
    private String branch;
    private String cname;
    private boolean dryRun;
    private int maxAttempts = 3;
    private String message = "Deploy docs from @{sha} (@{branch})";
    private CiContext ci;
    private String authorName;
    private String authorEmail;
    private String serverId;
    private boolean serverFound;
    private String serverUsername;
    private String serverPassword;
    private String tokenEnv;
    private Map<String, String> environment = Map.of();
    private String timeout = "5m";

    private Builder() {}

    /**
     * @param basedir the project directory
     * @return this
     */
    public Builder basedir(Path basedir) {
      this.basedir = basedir;
      return this;
    }

    /**
     * @param siteDir the built site
     * @return this
     */
    public Builder siteDir(Path siteDir) {
      this.siteDir = siteDir;
      return this;
    }

    /**
     * @param workDir the docs work directory (docs:build's marker, the temporary repository)
     * @return this
     */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /**
     * @param remote a remote name or URL
     * @return this
     */
    public Builder remote(String remote) {
      this.remote = remote;
      return this;
    }

    /**
     * @param branch the pages branch
     * @return this
     */
    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    /**
     * @param cname the custom domain, or null
     * @return this
     */
    public Builder cname(String cname) {
      this.cname = cname;
      return this;
    }

    /**
     * @param dryRun build the commit but do not push
     * @return this
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * @param maxAttempts pushes tried when the branch moved under us
     * @return this
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * @param message the commit message; {@code @{sha}} and {@code @{branch}} are replaced by the
     *     CI context's values
     * @return this
     */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /**
     * @param ci the CI context: whether to deploy at all, and the commit message's values
     * @return this
     */
    public Builder ci(CiContext ci) {
      this.ci = ci;
      return this;
    }

    /**
     * @param authorName the commit author and committer name
     * @return this
     */
    public Builder authorName(String authorName) {
      this.authorName = authorName;
      return this;
    }

    /**
     * @param authorEmail the commit author and committer e-mail
     * @return this
     */
    public Builder authorEmail(String authorEmail) {
      this.authorEmail = authorEmail;
      return this;
    }

    /**
     * The settings.xml server with the remote's credentials; it wins over {@link #tokenEnv}.
     *
     * @param serverId its id, or null/blank for none
     * @param found whether settings.xml has a server with that id
     * @param username its user name (decrypted), or null
     * @param password its password or token (decrypted), or null
     * @return this
     */
    public Builder server(String serverId, boolean found, String username, String password) {
      this.serverId = serverId;
      this.serverFound = found;
      this.serverUsername = username;
      this.serverPassword = password;
      return this;
    }

    /**
     * @param tokenEnv the environment variable holding a token, or null
     * @param environment the environment it is read from
     * @return this
     */
    public Builder tokenEnv(String tokenEnv, Map<String, String> environment) {
      this.tokenEnv = tokenEnv;
      this.environment = environment;
      return this;
    }

    /**
     * @param timeout each git command's time limit as written ({@code <timeout>})
     * @return this
     */
    public Builder timeout(String timeout) {
      this.timeout = timeout;
      return this;
    }

    CiContext ci() {
      return ci;
    }

    Path workDir() {
      return workDir;
    }

    String remote() {
      return remote;
    }

    /**
     * Checks the settings.
     *
     * @return the config
     * @throws GateCannotRunException one line naming the setting at fault
     */
    public DeployConfig build() throws GateCannotRunException {
      Credentials credentials = credentials();
      String sha = ci == null || ci.sha() == null ? "local" : ci.shortSha();
      String ref = ci == null || ci.branch() == null ? "?" : ci.branch();
      return new DeployConfig(
          basedir,
          siteDir,
          workDir,
          remote,
          branch,
          cname,
          dryRun,
          maxAttempts,
          message == null ? null : message.replace("@{sha}", sha).replace("@{branch}", ref),
          authorName,
          authorEmail,
          credentials,
          DocsDurations.parse("<timeout> (buildgate.docs.deploy.timeout)", timeout, true));
    }

    private Credentials credentials() throws GateCannotRunException {
      if (serverId != null && !serverId.isBlank()) {
        if (!serverFound) {
          throw new GateCannotRunException(
              "<serverId> "
                  + serverId
                  + " (buildgate.docs.deploy.serverId) is not in settings.xml: add a <server> with"
                  + " that id.");
        }
        if (serverPassword == null || serverPassword.isBlank()) {
          throw new GateCannotRunException(
              "settings.xml server "
                  + serverId
                  + " has no <password> (the token) for docs:deploy.");
        }
        String user =
            serverUsername == null || serverUsername.isBlank() ? "x-access-token" : serverUsername;
        return new Credentials(user, serverPassword);
      }
      if (tokenEnv != null && !tokenEnv.isBlank()) {
        String token = environment.get(tokenEnv);
        if (token != null && !token.isBlank()) {
          return Credentials.token(token.strip());
        }
      }
      return null;
    }
  }

  /**
   * HTTP basic credentials sent as an {@code http.extraHeader} through GIT_CONFIG_* variables.
   *
   * @param username the user (x-access-token for a GitHub token)
   * @param password the password or token
   */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** A token as GitHub accepts it over https. */
    public static Credentials token(String token) {
      return new Credentials("x-access-token", token);
    }

    @Override
    public String toString() {
      return "Credentials[" + username + ", ****]";
    }
  }
}
