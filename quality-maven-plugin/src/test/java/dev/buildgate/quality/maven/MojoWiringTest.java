package dev.buildgate.quality.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerKind;
import java.time.Duration;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Parameter wiring of the mojos, through the real plugin descriptor (maven-plugin-testing-harness).
 */
@MojoTest
class MojoWiringTest {

  private static final String POM = "classpath:/unit/wiring/pom.xml";

  @Test
  @InjectMojo(goal = "lint", pom = POM)
  void lintTakesTheRuffBlockAndPluginLevelDefaults(LintMojo mojo) throws Exception {
    List<AnalyzerConfig> analyzers = mojo.analyzers();

    assertThat(analyzers).extracting(AnalyzerConfig::id).containsExactly("ruff", "hadolint");
    AnalyzerConfig ruff = analyzers.get(0);
    assertThat(ruff.kind()).isEqualTo(AnalyzerKind.RUFF);
    assertThat(ruff.workingDir()).isEqualTo(ruff.repoRoot().resolve("backend"));
    assertThat(ruff.version()).isEqualTo("0.17.6");
    assertThat(ruff.runner()).isEqualTo(ToolRunner.UVX);
    assertThat(ruff.args()).containsExactly("--preview");
    assertThat(ruff.configFile()).isEqualTo(ruff.workingDir().resolve("pyproject.toml"));
    assertThat(ruff.excludes()).startsWith("migrations/").contains(".venv/");
    assertThat(ruff.threshold()).isEqualTo(Severity.MEDIUM);
    assertThat(ruff.maxFindings()).isEqualTo(12);
    assertThat(ruff.timeout()).isEqualTo(Duration.ofSeconds(90));
    // plugin-level env, then the analyzer's own; envFrom copies from the build's environment
    assertThat(ruff.env())
        .containsEntry("SHARED", "yes")
        .containsEntry("RUFF_CACHE_DIR", "/tmp/rc")
        .containsEntry("COPIED_PATH", System.getenv("PATH"));
    assertThat(ruff.secrets()).contains(System.getenv("PATH"));
  }

  @Test
  @InjectMojo(goal = "typecheck", pom = POM)
  void typecheckTakesTheMypyBlock(TypecheckMojo mojo) throws Exception {
    AnalyzerConfig mypy = mojo.analyzers().get(0);
    assertThat(mypy.id()).isEqualTo("mypy");
    assertThat(mypy.strict()).isTrue();
    assertThat(mypy.outputFormat()).isEqualTo("text");
    assertThat(mypy.runner()).isEqualTo(ToolRunner.UV);
    assertThat(mypy.workingDir()).isEqualTo(mypy.repoRoot().resolve("backend"));
    assertThat(mypy.threshold()).isEqualTo(Severity.LOW);
  }

  @Test
  @InjectMojo(goal = "sast", pom = POM)
  void sastTakesTheBanditBlockWithConfidence(SastMojo mojo) throws Exception {
    List<AnalyzerConfig> analyzers = mojo.analyzers();
    assertThat(analyzers).extracting(AnalyzerConfig::id).containsExactly("bandit");
    AnalyzerConfig bandit = analyzers.get(0);
    assertThat(bandit.threshold()).isEqualTo(Severity.MEDIUM);
    assertThat(bandit.minConfidence()).isEqualTo(Severity.HIGH);
    assertThat(bandit.excludes()).startsWith("tests/").contains(".venv/", "node_modules/");
    assertThat(bandit.includes()).containsExactly("app");
  }

  @Test
  @InjectMojo(goal = "check", pom = POM)
  void checkRunsEveryEnabledAnalyzerIncludingSarifTools(CheckMojo mojo) throws Exception {
    List<AnalyzerConfig> analyzers = mojo.analyzers();
    assertThat(analyzers)
        .extracting(AnalyzerConfig::id)
        .containsExactly("ruff", "mypy", "bandit", "hadolint", "semgrep");
    AnalyzerConfig semgrep = analyzers.get(4);
    assertThat(semgrep.kind()).isEqualTo(AnalyzerKind.SARIF);
    assertThat(semgrep.executable()).isEqualTo("semgrep");
    assertThat(semgrep.args()).containsExactly("scan", "--sarif", "--output", "{report}");
    assertThat(semgrep.sarifFile()).isEqualTo("semgrep.sarif");
    assertThat(semgrep.okExitCodes()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(semgrep.goal()).isEqualTo("check");
    assertThat(semgrep.versionArgs()).containsExactly("--version");
    AnalyzerConfig hadolint = analyzers.get(3);
    assertThat(hadolint.goal()).isEqualTo("lint");
    assertThat(hadolint.workingDir()).isEqualTo(hadolint.repoRoot());
    assertThat(hadolint.threshold()).isEqualTo(Severity.HIGH);
  }

  @Test
  @InjectMojo(goal = "check", pom = POM)
  @MojoParameter(name = "skip", value = "true")
  void skipRunsNothing(CheckMojo mojo) throws Exception {
    mojo.execute(); // would fail: the configured tools do not exist here
  }

  @Test
  @InjectMojo(goal = "lint", pom = POM)
  @MojoParameter(name = "skipLint", value = "true")
  void perGoalSkip(LintMojo mojo) throws Exception {
    mojo.execute();
  }

  @Test
  @InjectMojo(goal = "lint", pom = POM)
  void badValuesAreOneLineErrorsNamingTheField(LintMojo mojo) throws Exception {
    mojo.ruff.threshold = "HGH";
    assertThatThrownBy(mojo::analyzers)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "quality: <ruff><threshold> 'HGH' is not a severity: use INFO, LOW, MEDIUM, HIGH or CRITICAL");
    mojo.ruff.threshold = null;
    mojo.ruff.runner = "docker";
    assertThatThrownBy(mojo::analyzers)
        .hasMessage(
            "quality: <ruff><runner>docker</runner> is not a runner: use auto, path, uv, uvx or image");
    mojo.ruff.runner = null;
    mojo.ruff.timeout = "soon";
    assertThatThrownBy(mojo::analyzers)
        .hasMessage(
            "quality: <ruff><timeout> 'soon' is not a duration: use e.g. 500ms, 30s, 5m, 1h30m or"
                + " PT5M (a plain number is seconds)");
    mojo.ruff.timeout = null;
    mojo.ruff.envFrom = java.util.Map.of("SECRET_KEY", "BUILDGATE_SURELY_UNSET_VAR");
    assertThatThrownBy(mojo::analyzers)
        .hasMessage(
            "quality: <ruff><envFrom><SECRET_KEY> names environment variable"
                + " 'BUILDGATE_SURELY_UNSET_VAR', which is not set: export it before running Maven,"
                + " or use <envFromServers>");
    mojo.ruff.envFrom = null;
    mojo.ruff.envFromServers = java.util.Map.of("SECRET_KEY", "backend-secrets");
    assertThatThrownBy(mojo::analyzers)
        .hasMessageStartingWith(
            "quality: <ruff><envFromServers><SECRET_KEY>: settings.xml has no <server> 'backend-secrets'");
  }

  @Test
  @InjectMojo(goal = "typecheck", pom = POM)
  void envFromServersTakesTheSettingsServerPasswordAsASecret(TypecheckMojo mojo) throws Exception {
    org.apache.maven.settings.Settings settings = new org.apache.maven.settings.Settings();
    org.apache.maven.settings.Server server = new org.apache.maven.settings.Server();
    server.setId("backend-secrets");
    server.setPassword("s3cr3t-from-settings");
    settings.addServer(server);
    org.mockito.Mockito.when(mojo.getSession().getSettings()).thenReturn(settings);
    mojo.mypy.envFromServers = java.util.Map.of("SECRET_KEY", "backend-secrets");

    AnalyzerConfig mypy = mojo.analyzers().get(0);

    assertThat(mypy.env()).containsEntry("SECRET_KEY", "s3cr3t-from-settings");
    assertThat(mypy.secrets()).contains("s3cr3t-from-settings");
  }

  @Test
  @InjectMojo(goal = "check", pom = POM)
  void duplicateSarifToolIdsAreRejected(CheckMojo mojo) throws Exception {
    SarifToolParameters dup = new SarifToolParameters();
    dup.id = "semgrep";
    mojo.sarifTools = new java.util.ArrayList<>(mojo.sarifTools);
    mojo.sarifTools.add(dup);
    assertThatThrownBy(mojo::analyzers)
        .hasMessage(
            "quality: <sarifTools><sarifTool> #3 <id>semgrep</id> is used twice: ids must be unique");
  }

  @Test
  @InjectMojo(goal = "baseline", pom = POM)
  void baselineDefaultsToTheProjectsBuildgateDirectory(BaselineMojo mojo) {
    assertThat(mojo.baselineFile.getPath().replace('\\', '/'))
        .endsWith("/.buildgate/quality-baseline.json");
    assertThat(mojo.reportDirectory.getPath().replace('\\', '/'))
        .endsWith("/target/buildgate/quality");
    assertThat(mojo.upToDateCheck).isTrue();
    assertThat(mojo.failOnFindings).isTrue();
  }
}
