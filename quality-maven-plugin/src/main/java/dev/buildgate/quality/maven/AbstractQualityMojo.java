package dev.buildgate.quality.maven;

import dev.buildgate.core.exec.Durations;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.maven.AbstractGateMojo;
import dev.buildgate.maven.BackgroundGates;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import dev.buildgate.maven.ServerCredentials;
import dev.buildgate.maven.Servers;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerKind;
import dev.buildgate.quality.AnalyzerResult;
import dev.buildgate.quality.QualityException;
import dev.buildgate.quality.QualityRunner;
import dev.buildgate.quality.report.QualitySummary;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Shared plugin-level configuration of every quality goal. Mojos only read parameters, build
 * immutable {@link AnalyzerConfig}s and call {@link QualityRunner}.
 */
public abstract class AbstractQualityMojo extends AbstractGateMojo {

  /** Skips every quality goal. */
  @Parameter(property = "buildgate.quality.skip", defaultValue = "false")
  protected boolean skip;

  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  protected File basedir;

  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  protected File buildDirectory;

  /** Default directory the analyzers run in, relative to the project (e.g. {@code backend}). */
  @Parameter(property = "buildgate.quality.workingDirectory", defaultValue = ".")
  protected String workingDirectory;

  /**
   * Default runner of every analyzer: {@code auto}, {@code path}, {@code uv}, {@code uvx}, {@code
   * image}.
   */
  @Parameter(property = "buildgate.quality.runner", defaultValue = "auto")
  protected String runner;

  /** Ruff (goal {@code lint}). */
  @Parameter protected AnalyzerParameters ruff;

  /** mypy (goal {@code typecheck}). */
  @Parameter protected MypyParameters mypy;

  /** Bandit (goal {@code sast}). */
  @Parameter protected BanditParameters bandit;

  /** Generic analyzers: any command that writes SARIF. */
  @Parameter protected List<SarifToolParameters> sarifTools;

  /** Environment for every analyzer (each analyzer's {@code env} adds to it). */
  @Parameter protected Map<String, String> env;

  /** Environment for every analyzer copied from the build's environment: target to source name. */
  @Parameter protected Map<String, String> envFrom;

  /**
   * Environment for every analyzer from settings.xml server passwords: target name to server id.
   */
  @Parameter protected Map<String, String> envFromServers;

  /**
   * Accepted findings; only findings not in it fail the gate. Written by {@code quality:baseline}.
   */
  @Parameter(
      property = "buildgate.quality.baselineFile",
      defaultValue = "${project.basedir}/.buildgate/quality-baseline.json")
  protected File baselineFile;

  /** Where the SARIF and JSON reports go. */
  @Parameter(
      property = "buildgate.quality.reportDirectory",
      defaultValue = "${project.build.directory}/buildgate/quality")
  protected File reportDirectory;

  /** Skip an analyzer whose inputs are unchanged since a passing run. */
  @Parameter(property = "buildgate.quality.upToDateCheck", defaultValue = "true")
  protected boolean upToDateCheck;

  /** Fail the build when a gate fails (false: report only). A tool that cannot run always fails. */
  @Parameter(property = "buildgate.quality.failOnFindings", defaultValue = "true")
  protected boolean failOnFindings;

  /** At most this many finding lines on the console (all are in the reports). */
  @Parameter(property = "buildgate.quality.maxConsoleFindings", defaultValue = "200")
  protected int maxConsoleFindings;

  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  protected String pluginVersion;

  /** Decrypts settings.xml server passwords for {@code envFromServers}. */
  protected final SettingsDecrypter settingsDecrypter;

  protected AbstractQualityMojo(SettingsDecrypter settingsDecrypter) {
    this.settingsDecrypter = settingsDecrypter;
  }

  @Override
  protected final String plugin() {
    return "quality";
  }

  @Override
  protected final boolean pluginSkipped() {
    return skip;
  }

  /** The analyzers run in the background when a later Buildgate goal reports them. */
  @Override
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode.BACKGROUND;
  }

  @Override
  protected void skipped(String property) {
    skippedSections("Skipped (-D" + property + ").");
  }

  /** Runs the analyzers of this goal and applies the gate. */
  @Override
  protected void run() throws MojoExecutionException, MojoFailureException, QualityException {
    List<AnalyzerConfig> analyzers = analyzers();
    if (analyzers.isEmpty()) {
      getLog().info("Buildgate quality:" + goal() + ": no analyzer enabled for this goal");
      return;
    }
    QualityRunner runner = newRunner();
    List<AnalyzerResult> results = runWith(runner, analyzers);
    runner.printConsole(results);
    try {
      QualityRunner.verdict(results);
    } catch (GateFailedException e) {
      if (failOnFindings) {
        throw new MojoFailureException(e.getMessage());
      }
      getLog().warn(e.getMessage() + " (not failing: buildgate.quality.failOnFindings=false)");
    }
  }

  /**
   * Marks this goal's analyzers SKIPPED in the pipeline summary, unless another goal of this build
   * already reported them, so an earlier build's verdicts are not shown as this build's.
   */
  private void skippedSections(String why) {
    List<AnalyzerConfig> analyzers;
    try {
      analyzers = analyzers();
    } catch (MojoExecutionException e) {
      return; // a configuration this goal would reject: nothing it would have reported
    }
    new QualitySummary(buildDirectory.toPath().resolve(BuildgateMaven.DIRECTORY), gateLog())
        .skipped(analyzers, why);
  }

  /** Runs the analyzers; {@code check} and {@code baseline} override. */
  protected List<AnalyzerResult> runWith(QualityRunner runner, List<AnalyzerConfig> analyzers)
      throws QualityException {
    return runner.run(analyzers, false, true);
  }

  protected QualityRunner newRunner() throws MojoExecutionException {
    Path target = buildDirectory.toPath().toAbsolutePath();
    QualityRunner.Settings s =
        new QualityRunner.Settings(
            reportDirectory.toPath().toAbsolutePath(),
            target.resolve("buildgate"),
            baselineFile.toPath().toAbsolutePath(),
            pluginVersion == null ? "dev" : pluginVersion,
            upToDateCheck,
            maxConsoleFindings);
    return new QualityRunner(
        new LocalProcessRunner(),
        System.getenv(),
        s,
        gateLog(),
        MavenRules.network(session, settingsDecrypter));
  }

  /** Analyzers this goal runs, in order; {@code check} returns all enabled ones. */
  protected List<AnalyzerConfig> analyzers() throws MojoExecutionException {
    List<AnalyzerConfig> all = allAnalyzers();
    List<AnalyzerConfig> mine = new ArrayList<>();
    for (AnalyzerConfig c : all) {
      if (c.goal().equals(goal())) {
        mine.add(c);
      }
    }
    return mine;
  }

  /** Every enabled analyzer. */
  protected List<AnalyzerConfig> allAnalyzers() throws MojoExecutionException {
    List<AnalyzerConfig> out = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    addBuiltIn(out, AnalyzerKind.RUFF, ruff, "ruff");
    addBuiltIn(out, AnalyzerKind.MYPY, mypy, "mypy");
    addBuiltIn(out, AnalyzerKind.BANDIT, bandit, "bandit");
    for (AnalyzerConfig c : out) {
      ids.add(c.id());
    }
    if (sarifTools != null) {
      int i = 0;
      for (SarifToolParameters p : sarifTools) {
        String where = "<sarifTools><sarifTool> #" + (i + 1);
        i++;
        if (p == null || Boolean.FALSE.equals(p.enabled)) {
          continue;
        }
        if (p.id == null || p.id.isBlank()) {
          throw new MojoExecutionException(
              "quality: " + where + " has no <id>: give it a name such as <id>semgrep</id>");
        }
        if (!p.id.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
          throw new MojoExecutionException(
              "quality: "
                  + where
                  + " <id>"
                  + p.id
                  + "</id> must be letters, digits, '.', '_' or '-'");
        }
        if (!ids.add(p.id)) {
          throw new MojoExecutionException(
              "quality: " + where + " <id>" + p.id + "</id> is used twice: ids must be unique");
        }
        String field = "<sarifTools><sarifTool>(" + p.id + ")";
        AnalyzerConfig.Builder b = common(AnalyzerKind.SARIF, p, field);
        b.id(p.id).executable(p.executable == null ? p.id : p.executable);
        b.sarifFile(blank(p.sarifFile) ? null : p.sarifFile.trim());
        b.okExitCodes(exitCodes(p.okExitCodes, field));
        b.versionArgs(p.versionArgs == null ? List.of() : p.versionArgs);
        String g = p.goal == null ? "check" : p.goal.trim().toLowerCase(Locale.ROOT);
        if (!List.of("lint", "typecheck", "sast", "check").contains(g)) {
          throw new MojoExecutionException(
              "quality: "
                  + field
                  + " <goal>"
                  + p.goal
                  + "</goal> is not lint, typecheck, sast or check");
        }
        b.goal(g);
        out.add(build(b, field));
      }
    }
    return out;
  }

  private void addBuiltIn(
      List<AnalyzerConfig> out, AnalyzerKind kind, AnalyzerParameters p, String field)
      throws MojoExecutionException {
    if (p != null && Boolean.FALSE.equals(p.enabled)) {
      return;
    }
    AnalyzerParameters params = p;
    if (params == null) {
      params =
          kind == AnalyzerKind.MYPY
              ? new MypyParameters()
              : (kind == AnalyzerKind.BANDIT ? new BanditParameters() : new AnalyzerParameters());
    }
    String where = "<" + field + ">";
    AnalyzerConfig.Builder b = common(kind, params, where);
    if (params instanceof MypyParameters) {
      MypyParameters m = (MypyParameters) params;
      b.strict(m.strict);
      if (m.outputFormat != null) {
        String f = m.outputFormat.trim().toLowerCase(Locale.ROOT);
        if (!List.of("auto", "json", "text").contains(f)) {
          throw new MojoExecutionException(
              "quality: "
                  + where
                  + "<outputFormat>"
                  + m.outputFormat
                  + "</outputFormat> must be auto, json or text");
        }
        b.outputFormat(f);
      }
    }
    if (params instanceof BanditParameters) {
      BanditParameters bp = (BanditParameters) params;
      if (!blank(bp.confidence)) {
        b.minConfidence(severity(bp.confidence, where + "<confidence>"));
      }
    }
    out.add(build(b, where));
  }

  private AnalyzerConfig.Builder common(AnalyzerKind kind, AnalyzerParameters p, String where)
      throws MojoExecutionException {
    Path root = basedir.toPath().toAbsolutePath().normalize();
    AnalyzerConfig.Builder b = AnalyzerConfig.builder(kind, root);
    String wd = blank(p.workingDirectory) ? workingDirectory : p.workingDirectory;
    b.workingDir(Path.of(blank(wd) ? "." : wd.trim()));
    b.version(blank(p.version) ? null : p.version.trim());
    b.runner(runner(blank(p.runner) ? runner : p.runner, where));
    b.path(p.path == null ? null : p.path.toPath());
    b.packageSpec(blank(p.packageSpec) ? null : p.packageSpec.trim());
    b.image(blank(p.image) ? null : p.image.trim());
    b.args(p.args);
    b.configFile(blank(p.configFile) ? null : Path.of(p.configFile.trim()));
    b.includes(p.includes);
    b.excludes(p.excludes);
    if (!blank(p.threshold)) {
      b.threshold(severity(p.threshold, where + "<threshold>"));
    }
    if (p.maxFindings != null) {
      b.maxFindings(p.maxFindings);
    }
    if (!blank(p.timeout)) {
      b.timeout(duration(p.timeout, where + "<timeout>"));
    }
    b.inputIncludes(p.inputIncludes);
    b.inputExcludes(p.inputExcludes);
    Map<String, String> vars = new LinkedHashMap<>();
    addEnv(vars, b, env, envFrom, envFromServers, "");
    addEnv(vars, b, p.env, p.envFrom, p.envFromServers, where);
    b.env(vars);
    return b;
  }

  private void addEnv(
      Map<String, String> vars,
      AnalyzerConfig.Builder b,
      Map<String, String> plain,
      Map<String, String> from,
      Map<String, String> servers,
      String where)
      throws MojoExecutionException {
    if (plain != null) {
      plain.forEach((k, v) -> vars.put(k, v == null ? "" : v));
    }
    if (from != null) {
      for (Map.Entry<String, String> e : from.entrySet()) {
        String source = e.getValue() == null ? "" : e.getValue().trim();
        String value = source.isEmpty() ? null : System.getenv(source);
        if (value == null) {
          throw new MojoExecutionException(
              "quality: "
                  + where
                  + "<envFrom><"
                  + e.getKey()
                  + "> names environment variable '"
                  + source
                  + "', which is not set: export it before running Maven, or use <envFromServers>");
        }
        vars.put(e.getKey(), value);
        b.secret(value);
      }
    }
    if (servers != null) {
      for (Map.Entry<String, String> e : servers.entrySet()) {
        String id = e.getValue() == null ? "" : e.getValue().trim();
        String value = serverPassword(id);
        if (value == null) {
          throw new MojoExecutionException(
              "quality: "
                  + where
                  + "<envFromServers><"
                  + e.getKey()
                  + ">: settings.xml has no <server> '"
                  + id
                  + "' with a <password>: add <server><id>"
                  + id
                  + "</id><password>...</password></server> to ~/.m2/settings.xml");
        }
        vars.put(e.getKey(), value);
        b.secret(value);
      }
    }
  }

  private String serverPassword(String id) {
    return Servers.credentials(
            session == null ? null : session.getSettings(), settingsDecrypter, id)
        .map(ServerCredentials::password)
        .filter(p -> !p.isEmpty())
        .orElse(null);
  }

  private AnalyzerConfig build(AnalyzerConfig.Builder b, String where)
      throws MojoExecutionException {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("quality: " + where + ": " + e.getMessage());
    }
  }

  static ToolRunner runner(String value, String where) throws MojoExecutionException {
    try {
      return ToolRunner.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "quality: "
              + where
              + "<runner>"
              + value
              + "</runner> is not a runner: use auto, path, uv, uvx or image");
    }
  }

  static Severity severity(String value, String where) throws MojoExecutionException {
    try {
      return Severity.parse(value);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "quality: "
              + where
              + " '"
              + value
              + "' is not a severity: use INFO, LOW, MEDIUM, HIGH or CRITICAL");
    }
  }

  static Duration duration(String value, String where) throws MojoExecutionException {
    try {
      return Durations.parse(where, value);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("quality: " + e.getMessage());
    }
  }

  static Set<Integer> exitCodes(String value, String where) throws MojoExecutionException {
    Set<Integer> out = new LinkedHashSet<>();
    if (blank(value)) {
      return out;
    }
    for (String part : value.split(",")) {
      try {
        out.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new MojoExecutionException(
            "quality: "
                + where
                + "<okExitCodes>"
                + value
                + "</okExitCodes> must be comma-separated numbers, e.g. 0,1");
      }
    }
    return out;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
