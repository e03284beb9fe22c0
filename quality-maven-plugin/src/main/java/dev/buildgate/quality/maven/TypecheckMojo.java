package dev.buildgate.quality.maven;

import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs mypy (and SARIF tools with goal typecheck) and fails the build on new findings at or above
 * the threshold. Reports go to {@code target/buildgate/quality/}.
 */
@Mojo(name = "typecheck", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class TypecheckMojo extends AbstractQualityMojo {

  @Inject
  public TypecheckMojo(SettingsDecrypter settingsDecrypter) {
    super(settingsDecrypter);
  }

  /** Skips this goal only. */
  @Parameter(property = "buildgate.quality.typecheck.skip", defaultValue = "false")
  protected boolean skipTypecheck;

  @Override
  protected String goal() {
    return "typecheck";
  }

  @Override
  protected boolean goalSkipped() {
    return skipTypecheck;
  }
}
