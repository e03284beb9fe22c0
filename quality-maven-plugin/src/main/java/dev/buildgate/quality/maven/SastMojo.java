package dev.buildgate.quality.maven;

import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs Bandit (and SARIF tools with goal sast) and fails the build on new findings at or above the
 * threshold. Reports go to {@code target/buildgate/quality/}.
 */
@Mojo(name = "sast", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class SastMojo extends AbstractQualityMojo {

  @Inject
  public SastMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** Skips this goal only. */
  @Parameter(property = "buildgate.quality.sast.skip", defaultValue = "false")
  protected boolean skipSast;

  @Override
  protected String goal() {
    return "sast";
  }

  @Override
  protected boolean goalSkipped() {
    return skipSast;
  }
}
