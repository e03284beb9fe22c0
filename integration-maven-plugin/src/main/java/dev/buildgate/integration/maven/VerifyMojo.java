package dev.buildgate.integration.maven;

import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.test.TestVerification;
import dev.buildgate.maven.BuildgateMaven;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails the build when the recorded integration test result (result.json) is a failure, with a
 * short summary (tests, duration, reports, where the stack's logs are); adds an "Integration tests"
 * section to the pipeline summary.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyMojo extends AbstractIntegrationMojo {

  /** Skips integration:verify. */
  @Parameter(property = "buildgate.integration.verify.skip", defaultValue = "false")
  protected boolean skipVerify;

  @Override
  protected String goal() {
    return "verify";
  }

  @Override
  protected boolean goalSkipped() {
    return skipVerify;
  }

  private TestVerification verification() {
    return new TestVerification(
        outputDirectory.toPath().resolve("result.json"),
        buildgateDir(),
        project.getArtifactId(),
        gateLog());
  }

  @Override
  protected void skipped(String property) {
    verification().skipped(property);
  }

  @Override
  protected void run() throws StackException, GateFailedException {
    verification().verify(upToDate(), BuildgateMaven.buildId(session));
  }
}
