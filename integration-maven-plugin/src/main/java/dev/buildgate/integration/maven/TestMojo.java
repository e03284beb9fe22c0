package dev.buildgate.integration.maven;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.stack.StackState;
import dev.buildgate.integration.test.IntegrationTestRun;
import dev.buildgate.integration.test.TestResult;
import dev.buildgate.integration.test.TestSpec;
import dev.buildgate.maven.MavenRules;
import dev.buildgate.maven.ServerCredentials;
import dev.buildgate.maven.Servers;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs the integration test command against the stack with its addresses in the environment ({@code
 * integration.<service>.<port>} and {@code INTEGRATION_<SERVICE>_<PORT>}, the run id, credentials),
 * kills the process tree at the timeout, and records the exit code and report paths in {@code
 * target/buildgate/integration/result.json}. It never fails the build: integration:verify does,
 * after integration:down has run. Java projects can leave {@code command} empty and use Failsafe
 * with the exported properties.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class TestMojo extends AbstractIntegrationMojo {

  /** Skips integration:test. */
  @Parameter(property = "buildgate.integration.test.skip", defaultValue = "false")
  protected boolean skipTest;

  /** The test command as argv, e.g. uv, run, pytest, tests/integration. */
  @Parameter protected List<String> command;

  /** Working directory of the command (default: the project directory). */
  @Parameter(property = "buildgate.integration.workingDirectory")
  protected File workingDirectory;

  /**
   * Variables for the command. Values may use {@code ${integration.web.8443}} and the tokens {@code
   * {runId}} and {@code {project}}, e.g. SCHEMA_SUBJECT_PREFIX = ci.{runId}.
   */
  @Parameter protected Map<String, String> environment;

  /** Credentials passed as variables (masked in the log). */
  @Parameter protected List<Credential> credentials;

  /** The command is killed (with its children) after this. */
  @Parameter(property = "buildgate.integration.testTimeout", defaultValue = "30m")
  protected String testTimeout;

  /** Report files to record (JUnit XML, coverage), relative to the project; globs allowed. */
  @Parameter protected List<String> reports;

  /** Number of parallel workers the command starts; exported as INTEGRATION_WORKERS. */
  @Parameter(property = "buildgate.integration.workers", defaultValue = "0")
  protected int workers;

  /** Per-worker variables: NAME = template with {worker}, exported as NAME_0..NAME_(workers-1). */
  @Parameter protected Map<String, String> workerEnvironment;

  @Parameter(defaultValue = "${settings}", readonly = true)
  protected Settings settings;

  /** Decrypts settings.xml server passwords of {@code credentials}. */
  private final SettingsDecrypter settingsDecrypter;

  @Inject
  public TestMojo(SettingsDecrypter settingsDecrypter) {
    this.settingsDecrypter = settingsDecrypter;
  }

  @Override
  protected String goal() {
    return "test";
  }

  @Override
  protected boolean goalSkipped() {
    return skipTest;
  }

  @Override
  protected void run() throws MojoExecutionException, IntegrationConfigException, StackException {
    if (upToDate().skipped()) {
      getLog().info("integration:test UP-TO-DATE: inputs unchanged since the last passing run");
      return;
    }
    if (command == null || command.isEmpty()) {
      getLog().info("integration:test: no <command> configured, nothing to run");
      return;
    }
    var cfg = stackConfig();
    StackState state = StackState.read(cfg.stateFile());
    if (state == null) {
      getLog().warn("no running stack recorded in " + cfg.stateFile() + " (run integration:up)");
    }
    Map<String, String> env = new LinkedHashMap<>();
    String kubeNamespace = project.getProperties().getProperty("integration.kube.namespace");
    if (hasKubernetes() && kubeNamespace != null) {
      // the run's namespace and its kubeconfig (the test's <environment> may override them)
      env.put("KUBECONFIG", project.getProperties().getProperty("integration.kube.kubeconfig"));
      env.put("KUBE_NAMESPACE", kubeNamespace);
    }
    if (environment != null) {
      env.putAll(environment);
    }
    List<String> secrets = new ArrayList<>();
    if (credentials != null) {
      int i = 0;
      for (Credential c : credentials) {
        i++;
        addCredential(c, i, env, secrets);
      }
    }
    rememberSecrets(secrets); // integration:down masks them in the containers' inspect dumps
    TestSpec spec =
        new TestSpec(
            command,
            workingDirectory == null ? basedir() : workingDirectory.toPath(),
            env,
            secrets,
            duration("<testTimeout>", testTimeout),
            reports,
            basedir(),
            workers,
            workerEnvironment);
    TestResult result =
        new IntegrationTestRun(
                new LocalProcessRunner(), gateLog(), MavenRules.network(session, settingsDecrypter))
            .run(spec, state, cfg.logsDir());
    try {
      result.write(cfg.resultFile());
    } catch (IOException e) {
      throw new MojoExecutionException("cannot write " + cfg.resultFile() + ": " + e.getMessage());
    }
    getLog().info("result recorded in " + cfg.resultFile() + " (integration:verify decides)");
  }

  private void addCredential(Credential c, int i, Map<String, String> env, List<String> secrets)
      throws MojoExecutionException {
    String where = "<credentials>: credential #" + i;
    String user;
    String pass;
    if (!blank(c.server)) {
      ServerCredentials s =
          Servers.credentials(settings, settingsDecrypter, c.server)
              .orElseThrow(
                  () ->
                      new MojoExecutionException(
                          where
                              + ": no <server> with id '"
                              + c.server
                              + "' in settings.xml; add it (username/password) or fix <server>."));
      user = s.username();
      pass = s.password();
    } else {
      user = blank(c.usernameFrom) ? null : System.getenv(c.usernameFrom);
      pass = blank(c.passwordFrom) ? null : System.getenv(c.passwordFrom);
      if (!blank(c.passwordFrom) && pass == null) {
        throw new MojoExecutionException(
            where + ": environment variable " + c.passwordFrom + " is not set; export it.");
      }
    }
    if (!blank(c.usernameVariable) && user != null) {
      env.put(c.usernameVariable, user);
    }
    if (!blank(c.passwordVariable) && pass != null) {
      env.put(c.passwordVariable, pass);
      secrets.add(pass);
    }
  }
}
