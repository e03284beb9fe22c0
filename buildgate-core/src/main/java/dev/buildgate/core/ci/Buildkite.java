package dev.buildgate.core.ci;

import java.util.Locale;

/**
 * Buildkite ({@code BUILDKITE=true}): {@code BUILDKITE_PULL_REQUEST} ({@code false} or the number),
 * {@code BUILDKITE_TAG}, {@code BUILDKITE_SOURCE} ({@code ui}/{@code api}/{@code trigger_job}
 * manual, {@code schedule}), {@code BUILDKITE_PIPELINE_DEFAULT_BRANCH}.
 */
final class Buildkite implements CiProvider {

  @Override
  public String id() {
    return "buildkite";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.isTrue("BUILDKITE");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    String prValue = env.val("BUILDKITE_PULL_REQUEST");
    Integer pr = null;
    if (prValue != null && !"false".equalsIgnoreCase(prValue)) {
      pr = env.pullRequestNumber("BUILDKITE_PULL_REQUEST", f);
    }
    String source = env.lower("BUILDKITE_SOURCE");
    f.branch = env.val("BUILDKITE_BRANCH");
    f.tag = env.val("BUILDKITE_TAG");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.baseBranch = env.val("BUILDKITE_PULL_REQUEST_BASE_BRANCH");
    } else if ("schedule".equals(source)) {
      f.event = CiEvent.SCHEDULE;
    } else if ("ui".equals(source) || "api".equals(source) || "trigger_job".equals(source)) {
      f.event = CiEvent.MANUAL;
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    String commit = env.val("BUILDKITE_COMMIT");
    // BUILDKITE_COMMIT may be a ref such as HEAD: then the checkout tells the commit
    f.sha =
        commit != null && CiEnv.HEX_SHA.matcher(commit).matches()
            ? commit.toLowerCase(Locale.ROOT)
            : null;
    f.defaultBranch = env.val("BUILDKITE_PIPELINE_DEFAULT_BRANCH");
    f.runId = CiEnv.firstNonBlank(env.val("BUILDKITE_BUILD_ID"), env.val("BUILDKITE_BUILD_NUMBER"));
    f.repository = LocalGit.repositoryPath(env.val("BUILDKITE_REPO"));
    f.owner =
        CiEnv.firstNonBlank(CiEnv.ownerOf(f.repository), env.val("BUILDKITE_ORGANIZATION_SLUG"));
  }
}
