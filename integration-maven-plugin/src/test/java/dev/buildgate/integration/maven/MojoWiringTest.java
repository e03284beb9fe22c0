package dev.buildgate.integration.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.stack.StackConfig;
import dev.buildgate.integration.test.TestResult;
import dev.buildgate.integration.wait.WaitSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameter wiring through the real plugin descriptor (maven-plugin-testing-harness). */
@MojoTest
class MojoWiringTest {
  private static final String POM = "classpath:/unit/wiring/pom.xml";

  @TempDir Path tmp;

  @Test
  @InjectMojo(goal = "up", pom = POM)
  void upBuildsTheStackConfig(UpMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    StackConfig cfg = mojo.stackConfig();
    assertThat(cfg.composeFiles())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("docker-compose.yaml", "docker-compose.ci-extra.yaml");
    assertThat(cfg.projectDirectory()).isEqualTo(cfg.composeFiles().get(0).getParent());
    assertThat(cfg.overrides()).hasSize(2);
    var backend = cfg.overrides().get(1);
    assertThat(backend.service()).isEqualTo("backend");
    assertThat(backend.addEnvironment()).containsEntry("SECRET_KEY", "ci");
    assertThat(backend.removeEnvironment()).containsExactly("RELOAD");
    assertThat(backend.removeVolumes()).containsExactly("./backend:/app");
    assertThat(backend.removeVolumesContaining()).containsExactly(".venv");
    assertThat(backend.addVolumes()).containsExactly("/home/ci/.cache:/root/.cache");
    assertThat(backend.removeHealthcheck()).isTrue();
    assertThat(backend.dependsOn()).containsEntry("mongo", "service_started");
    assertThat(backend.addExtraHosts()).containsExactly("host.docker.internal:host-gateway");
    assertThat(cfg.overrides().get(0).drop()).isTrue();

    List<WaitSpec> w = cfg.waits();
    assertThat(w)
        .extracting(WaitSpec::kind)
        .containsExactly(
            WaitSpec.Kind.HTTP,
            WaitSpec.Kind.TCP,
            WaitSpec.Kind.HEALTHY,
            WaitSpec.Kind.EXITED,
            WaitSpec.Kind.LOG);
    assertThat(w.get(0).insecure()).isTrue();
    assertThat(w.get(0).statusMin()).isEqualTo(200);
    assertThat(w.get(0).statusMax()).isEqualTo(299);
    assertThat(w.get(0).pattern().pattern()).isEqualTo("live");
    assertThat(w.get(0).maxPollInterval()).isEqualTo(WaitSpec.NETWORK_POLL_CAP);
    assertThat(w.get(1).maxPollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(w.get(4).pattern().pattern()).isEqualTo("started \\(kafka");
    assertThat(cfg.readinessTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(cfg.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(cfg.pollInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(cfg.upTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(cfg.projectName()).isEqualTo("My_App");
    assertThat(cfg.projectKey())
        .isEqualTo(mojo.getProject().getGroupId() + ":" + mojo.getProject().getArtifactId());
    assertThat(cfg.pull()).isEqualTo("never");
    assertThat(cfg.keep()).isFalse();
    assertThat(cfg.removeStale()).isTrue();
  }

  @Test
  @InjectMojo(goal = "up", pom = POM)
  void badValuesAreOneLineErrorsNamingTheField(UpMojo mojo) throws Exception {
    ReadinessWait two = new ReadinessWait();
    two.http = "http://x:1/";
    two.tcp = "x:1";
    mojo.waits = List.of(two);
    assertThatThrownBy(mojo::stackConfig)
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "<waits>: wait #1 must set exactly one of <http>, <tcp>, <healthy>, <exited>, <log>.");
    ReadinessWait status = new ReadinessWait();
    status.http = "http://x:1/";
    status.status = "ok";
    mojo.waits = List.of(status);
    assertThatThrownBy(mojo::stackConfig)
        .hasMessage(
            "<waits>: wait #1: <status>ok</status> must be a code or a range like 200-399.");
    ReadinessWait regex = new ReadinessWait();
    regex.log = "db";
    regex.pattern = "(";
    mojo.waits = List.of(regex);
    assertThatThrownBy(mojo::stackConfig)
        .hasMessageStartingWith("<waits>: wait #1: '(' is not a valid regex");
    mojo.waits = null;
    mojo.readinessTimeout = "soon";
    assertThatThrownBy(mojo::stackConfig)
        .hasMessage(
            "<readinessTimeout> 'soon' is not a duration: use e.g. 500ms, 30s, 5m, 1h30m or PT5M"
                + " (a plain number is seconds)");
    mojo.readinessTimeout = "PT2M";
    mojo.overrides = List.of(new ComposeOverride());
    assertThatThrownBy(mojo::stackConfig)
        .hasMessage("<overrides>: override #1 has no <service>; name the compose service.");
  }

  @Test
  void shutdownHookOnlyWhenDownFollowsInTheSameBuild() {
    assertThat(UpMojo.downFollows(List.of("clean", "verify"))).isTrue();
    assertThat(
            UpMojo.downFollows(List.of("integration:up", "integration:test", "integration:down")))
        .isTrue();
    assertThat(UpMojo.downFollows(List.of("dev.buildgate:integration-maven-plugin:0.1.0:down")))
        .isTrue();
    assertThat(UpMojo.downFollows(List.of("integration:up"))).isFalse();
    assertThat(UpMojo.downFollows(List.of("pre-integration-test"))).isFalse();
  }

  @Test
  @InjectMojo(goal = "up", pom = "classpath:/unit/nocompose/pom.xml")
  void upWithoutAnyComposeFileDoesNothing(UpMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    mojo.execute(); // a module of a parent POM that binds the goals but has no stack
    assertThat(tmp.resolve("docker-compose.ci.yaml")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "down", pom = "classpath:/unit/nocompose/pom.xml")
  void downWithoutComposeFileOrStateDoesNothing(DownMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    mojo.execute(); // does not even need a Docker engine
  }

  @Test
  @InjectMojo(goal = "up", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipRunsNothing(UpMojo mojo) throws Exception {
    mojo.execute(); // would fail: there is no compose file
  }

  @Test
  @InjectMojo(goal = "up", pom = POM)
  void skipITsSkipsTheStack(UpMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    mojo.getSession().getUserProperties().setProperty("skipITs", "true");
    try {
      mojo.execute(); // would fail without the skip: the compose files do not exist
    } finally {
      mojo.getSession().getUserProperties().remove("skipITs");
    }
    assertThat(tmp.resolve("docker-compose.ci.yaml")).doesNotExist();
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void skipTestsSkipsVerifyAndTheSummarySaysWhy(VerifyMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    new TestResult(List.of("pytest"), 1, false, null, 100, List.of(), null, null, "logs")
        .write(tmp.resolve("result.json")); // an old failure: would fail the build if verified
    mojo.getSession().getUserProperties().setProperty("skipTests", "true");
    try {
      mojo.execute();
    } finally {
      mojo.getSession().getUserProperties().remove("skipTests");
    }
    File summary = new File(mojo.getProject().getBuild().getDirectory(), "buildgate/summary.md");
    assertThat(Files.readString(summary.toPath()))
        .contains("Integration tests SKIPPED (-DskipTests): no stack was started");
  }

  @Test
  void offlineNeverPulls() {
    assertThat(StackConfig.pullPolicy("always", true)).isEqualTo("never");
    assertThat(StackConfig.pullPolicy(null, true)).isEqualTo("never");
    assertThat(StackConfig.pullPolicy(" always ", false)).isEqualTo("always");
    assertThat(StackConfig.pullPolicy("", false)).isNull();
  }

  @Test
  @InjectMojo(goal = "down", pom = POM)
  @MojoParameter(name = "skipDown", value = "true")
  void perGoalSkip(DownMojo mojo) throws Exception {
    mojo.execute();
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void missingSettingsServerIsNamed(TestMojo mojo) {
    mojo.outputDirectory = tmp.toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "<credentials>: credential #1: no <server> with id 'no-such-server' in settings.xml;"
                + " add it (username/password) or fix <server>.");
  }

  @Test
  @InjectMojo(goal = "test", pom = POM)
  void settingsServerCredentialsReachTheCommandMasked(TestMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    org.apache.maven.settings.Server server = new org.apache.maven.settings.Server();
    server.setId("no-such-server");
    server.setUsername("ci-user");
    server.setPassword("pw-from-settings");
    mojo.settings = new org.apache.maven.settings.Settings();
    mojo.settings.addServer(server);
    mojo.credentials.get(0).usernameVariable = "DB_USER";
    mojo.command =
        List.of(
            "sh", "-c", "echo \"$DB_USER $DB_PASSWORD\"; test \"$DB_PASSWORD\" = pw-from-settings");
    mojo.execute();
    TestResult r = TestResult.read(tmp.resolve("result.json"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.passed()).isTrue();
  }

  @Test
  @InjectMojo(goal = "verify", pom = POM)
  void verifyFailsWithTheRecordedResult(VerifyMojo mojo) throws Exception {
    mojo.outputDirectory = tmp.toFile();
    mojo.execute(); // no result: nothing to verify
    new TestResult(
            List.of("pytest"),
            1,
            false,
            null,
            2500,
            List.of("target/junit.xml"),
            new TestResult.JUnitCounts(10, 2, 0, 1),
            "bg-wiring-1",
            tmp.resolve("logs").toString())
        .write(tmp.resolve("result.json"));
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessage(
            "integration tests failed: exit 1 after 2.5 s; 10 tests, 2 failures, 0 errors, 1 skipped;"
                + " reports: target/junit.xml; stack logs in "
                + tmp.resolve("logs"));
    File summary = new File(mojo.getProject().getBuild().getDirectory(), "buildgate/summary.md");
    assertThat(Files.readString(summary.toPath())).contains("Integration tests").contains("exit 1");
    new TestResult(List.of("pytest"), 0, false, null, 100, List.of(), null, null, "logs")
        .write(tmp.resolve("result.json"));
    mojo.execute();
  }
}
