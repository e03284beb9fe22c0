package dev.buildgate.docs.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docs.deploy.DeployGate;
import dev.buildgate.docs.deploy.DeployOptions;
import dev.buildgate.docs.deploy.DeployOptions.Credentials;
import dev.buildgate.docs.deploy.DeployResult;
import dev.buildgate.docs.deploy.GhPagesPublisher;
import dev.buildgate.docs.site.DocsBuilder;
import dev.buildgate.maven.BackgroundGates;
import dev.buildgate.maven.ServerCredentials;
import dev.buildgate.maven.Servers;
import java.util.Map;
import java.util.Properties;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Publishes the built site to a gh-pages branch, only for a push to the default branch (per the CI
 * context); anywhere else it logs why and succeeds.
 */
@Mojo(name = "deploy", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class DeployMojo extends AbstractDocsMojo {

  /** Skips docs:deploy. */
  @Parameter(property = "buildgate.docs.deploy.skip", defaultValue = "false")
  private boolean deploySkip;

  /** The pages branch. */
  @Parameter(property = "buildgate.docs.deploy.branch", defaultValue = "gh-pages")
  private String branch;

  /** Custom domain written to CNAME; unset keeps a CNAME already on the branch. */
  @Parameter(property = "buildgate.docs.deploy.cname")
  private String cname;

  /** Builds the commit and logs it, but does not push. */
  @Parameter(property = "buildgate.docs.deploy.dryRun", defaultValue = "false")
  private boolean dryRun;

  /** Push attempts when the branch moved under us (someone else deployed). */
  @Parameter(property = "buildgate.docs.deploy.attempts", defaultValue = "3")
  private int attempts;

  /** Environment variable holding a token for an https remote (sent as an http header). */
  @Parameter(property = "buildgate.docs.deploy.tokenEnv", defaultValue = "GITHUB_TOKEN")
  private String tokenEnv;

  /** settings.xml server with username/password (or token) for the remote; wins over tokenEnv. */
  @Parameter(property = "buildgate.docs.deploy.serverId")
  private String serverId;

  /** Commit message; ${sha} and ${branch} are replaced by the CI context's values. */
  @Parameter(
      property = "buildgate.docs.deploy.message",
      defaultValue = "Deploy docs from @{sha} (@{branch})")
  private String message;

  /** Commit author and committer name. */
  @Parameter(property = "buildgate.docs.deploy.authorName", defaultValue = "Buildgate")
  private String authorName;

  /** Commit author and committer e-mail. */
  @Parameter(
      property = "buildgate.docs.deploy.authorEmail",
      defaultValue = "buildgate@users.noreply.github.com")
  private String authorEmail;

  /** Time limit of each git command ({@code 5m}, {@code 90s}; a plain number is seconds). */
  @Parameter(property = "buildgate.docs.deploy.timeout", defaultValue = "5m")
  private String timeout;

  private final SettingsDecrypter settingsDecrypter;

  @Inject
  public DeployMojo(SettingsDecrypter settingsDecrypter) {
    this.settingsDecrypter = settingsDecrypter;
  }

  @Override
  protected boolean goalSkipped() {
    return deploySkip;
  }

  @Override
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode
        .AFTER_BACKGROUND_GATES; // nothing is published before every gate has passed
  }

  @Override
  protected String goal() {
    return "deploy";
  }

  @Override
  protected void run() throws MojoExecutionException, MojoFailureException {
    CiContext ci = ciContext();
    String why = DeployGate.whyNot(ci);
    if (why != null) {
      getLog().info("docs:deploy skipped: " + why);
      summary("docs-deploy", "Docs deploy", StepStatus.SKIPPED, "Skipped: " + why);
      return;
    }
    {
      // a build that decided there is nothing to build publishes nothing (even a stale site)
      Properties marker = DocsBuilder.readMarker(workDirectory.toPath());
      String status = marker == null ? "" : marker.getProperty("status", "");
      if (status.equals("UNCHANGED") || status.equals("NO_DOCS")) {
        String reason =
            "docs:build did not build a site ("
                + marker.getProperty("reason")
                + "), nothing to publish";
        getLog()
            .info(
                "docs:deploy skipped: "
                    + reason
                    + (status.equals("UNCHANGED")
                        ? " (-Dbuildgate.docs.force to build and deploy)"
                        : ""));
        summary("docs-deploy", "Docs deploy", StepStatus.SKIPPED, "Skipped: " + reason);
        return;
      }
    }
    Network network = network();
    if (network.offline()) {
      throw new MojoExecutionException(
          Network.offlineRefusal("docs:deploy", "push the site to " + remote));
    }
    Map<String, String> env = environment();
    DeployOptions options;
    try {
      options =
          new DeployOptions(
              basedir(),
              siteDirectory.toPath(),
              workDirectory.toPath(),
              remote,
              branch,
              cname,
              dryRun,
              attempts,
              message
                  .replace("@{sha}", ci.sha() == null ? "local" : ci.shortSha())
                  .replace("@{branch}", ci.branch() == null ? "?" : ci.branch()),
              authorName,
              authorEmail,
              credentials(env),
              duration("<timeout> (buildgate.docs.deploy.timeout)", timeout, true));
    } catch (GateCannotRunException e) {
      summary("docs-deploy", "Docs deploy", StepStatus.FAILED, e.getMessage());
      throw new MojoExecutionException(e.getMessage(), e);
    }
    LocalProcessRunner runner = new LocalProcessRunner();
    DeployResult result;
    try {
      result = new GhPagesPublisher(runner, env, gateLog(), network).publish(options);
    } catch (GateCannotRunException e) {
      summary("docs-deploy", "Docs deploy", StepStatus.FAILED, e.getMessage());
      throw new MojoExecutionException(e.getMessage(), e);
    }
    String body =
        switch (result.status()) {
          case PUSHED ->
              "Pushed `"
                  + result.commit().substring(0, 7)
                  + "` ("
                  + result.files()
                  + " files) to `"
                  + result.branch()
                  + "` on "
                  + result.remote();
          case DRY_RUN ->
              "Dry run: would push `"
                  + result.commit().substring(0, 7)
                  + "` ("
                  + result.files()
                  + " files) to `"
                  + result.branch()
                  + "` on "
                  + result.remote();
          case UNCHANGED -> "`" + result.branch() + "` already holds this site";
        };
    summary(
        "docs-deploy",
        "Docs deploy",
        result.status() == DeployResult.Status.DRY_RUN ? StepStatus.SKIPPED : StepStatus.PASSED,
        body);
  }

  private Credentials credentials(Map<String, String> env) throws GateCannotRunException {
    if (serverId != null && !serverId.isBlank()) {
      ServerCredentials server =
          Servers.credentials(session.getSettings(), settingsDecrypter, serverId)
              .orElseThrow(
                  () ->
                      new GateCannotRunException(
                          "<serverId> "
                              + serverId
                              + " (buildgate.docs.deploy.serverId) is not in settings.xml: add a <server> with"
                              + " that id."));
      String password = server.secret();
      if (password == null || password.isBlank()) {
        throw new GateCannotRunException(
            "settings.xml server " + serverId + " has no <password> (the token) for docs:deploy.");
      }
      String user = server.username();
      return new Credentials(user == null || user.isBlank() ? "x-access-token" : user, password);
    }
    if (tokenEnv != null && !tokenEnv.isBlank()) {
      String token = env.get(tokenEnv);
      if (token != null && !token.isBlank()) {
        return Credentials.token(token.strip());
      }
    }
    return null;
  }
}
