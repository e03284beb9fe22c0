package dev.buildgate.quality.maven;

import dev.buildgate.maven.BackgroundGates;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerResult;
import dev.buildgate.quality.QualityException;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs every enabled analyzer and writes all current findings to the baseline file ({@code
 * .buildgate/quality-baseline.json} by default): from then on only new findings fail the gates.
 * Commit the file; review it like code. Fails only when an analyzer cannot run.
 */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractQualityMojo {

  @Inject
  public BaselineMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** Skips this goal only. */
  @Parameter(property = "buildgate.quality.baseline.skip", defaultValue = "false")
  protected boolean skipBaseline;

  @Override
  protected String goal() {
    return "baseline";
  }

  @Override
  protected boolean goalSkipped() {
    return skipBaseline;
  }

  /** Writes the baseline at once (nothing to report later). */
  @Override
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode.FOREGROUND;
  }

  @Override
  protected void run() throws MojoExecutionException, QualityException {
    List<AnalyzerConfig> analyzers = allAnalyzers();
    if (analyzers.isEmpty()) {
      getLog().info("Buildgate quality:baseline: no analyzer enabled");
      return;
    }
    List<AnalyzerResult> results = newRunner().writeBaseline(analyzers);
    int total = 0;
    for (AnalyzerResult r : results) {
      total += r.findings().size();
      getLog().info(r.id() + ": " + r.findings().size() + " findings accepted");
    }
    getLog().info("Wrote " + total + " accepted findings to " + baselineFile + ": commit it");
  }
}
