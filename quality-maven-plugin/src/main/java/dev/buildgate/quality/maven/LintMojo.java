package dev.buildgate.quality.maven;

import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs Ruff (and SARIF tools with goal lint) and fails the build on new findings at or above the
 * threshold. Reports go to {@code target/buildgate/quality/}.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class LintMojo extends AbstractQualityMojo {

  @Inject
  public LintMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** Skips this goal only. */
  @Parameter(property = "buildgate.quality.lint.skip", defaultValue = "false")
  protected boolean skipLint;

  @Override
  protected String goal() {
    return "lint";
  }

  @Override
  protected boolean goalSkipped() {
    return skipLint;
  }
}
