package dev.buildgate.docs.maven;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.docs.DocsSection;
import dev.buildgate.docs.deploy.DeployConfig;
import dev.buildgate.docs.deploy.DocsDeployer;
import dev.buildgate.maven.BackgroundGates;
import dev.buildgate.maven.ServerCredentials;
import dev.buildgate.maven.Servers;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
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
  protected DocsSection section() {
    return DocsDeployer.SECTION;
  }

  @Override
  protected void run() throws GateCannotRunException {
    Map<String, String> env = environment();
    Optional<ServerCredentials> server =
        Servers.credentials(session.getSettings(), settingsDecrypter, serverId);
    DeployConfig.Builder spec =
        DeployConfig.builder()
            .ci(ciContext())
            .basedir(basedir())
            .siteDir(siteDirectory.toPath())
            .workDir(workDirectory.toPath())
            .remote(remote)
            .branch(branch)
            .cname(cname)
            .dryRun(dryRun)
            .maxAttempts(attempts)
            .message(message)
            .authorName(authorName)
            .authorEmail(authorEmail)
            .server(
                serverId,
                server.isPresent(),
                server.map(ServerCredentials::username).orElse(null),
                server.map(ServerCredentials::secret).orElse(null))
            .tokenEnv(tokenEnv, env)
            .timeout(timeout);
    new DocsDeployer(new LocalProcessRunner(), env, gateLog(), this::network)
        .run(buildgateDir(), spec);
  }
}
