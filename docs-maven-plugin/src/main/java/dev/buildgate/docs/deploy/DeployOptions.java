package dev.buildgate.docs.deploy;

import java.nio.file.Path;
import java.time.Duration;
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
public record DeployOptions(
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

  public DeployOptions {
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
