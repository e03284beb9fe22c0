package dev.buildgate.quality.maven;

import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerResult;
import dev.buildgate.quality.QualityException;
import dev.buildgate.quality.QualityRunner;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs every enabled analyzer (Ruff, mypy, Bandit, SARIF tools) concurrently and writes one
 * combined JSON report ({@code target/buildgate/quality/quality.json}) besides the per-analyzer
 * SARIF and JSON ones.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractQualityMojo {

  @Inject
  public CheckMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** Skips this goal only. */
  @Parameter(property = "buildgate.quality.check.skip", defaultValue = "false")
  protected boolean skipCheck;

  @Override
  protected String goal() {
    return "check";
  }

  @Override
  protected boolean goalSkipped() {
    return skipCheck;
  }

  @Override
  protected List<AnalyzerConfig> analyzers() throws MojoExecutionException {
    return allAnalyzers();
  }

  @Override
  protected List<AnalyzerResult> runWith(QualityRunner runner, List<AnalyzerConfig> analyzers)
      throws QualityException {
    return runner.run(analyzers, true, true);
  }
}
