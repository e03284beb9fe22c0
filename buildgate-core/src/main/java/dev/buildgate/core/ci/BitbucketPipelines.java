package dev.buildgate.core.ci;

/**
 * Bitbucket Pipelines ({@code BITBUCKET_BUILD_NUMBER} or {@code BITBUCKET_COMMIT}): push, pull
 * request ({@code BITBUCKET_PR_ID}) and tag ({@code BITBUCKET_TAG}); the environment does not say
 * whether a build was started by hand, so set {@code buildgate.ci.event=manual} there.
 */
final class BitbucketPipelines implements CiProvider {

  @Override
  public String id() {
    return "bitbucket";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.present("BITBUCKET_BUILD_NUMBER") || env.present("BITBUCKET_COMMIT");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    Integer pr = env.pullRequestNumber(env.firstPresentKey("BITBUCKET_PR_ID"), f);
    f.branch = env.val("BITBUCKET_BRANCH");
    f.tag = env.val("BITBUCKET_TAG");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.baseBranch = env.val("BITBUCKET_PR_DESTINATION_BRANCH");
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    f.sha = env.val("BITBUCKET_COMMIT");
    f.runId =
        CiEnv.firstNonBlank(env.val("BITBUCKET_BUILD_NUMBER"), env.val("BITBUCKET_PIPELINE_UUID"));
    f.repository = env.val("BITBUCKET_REPO_FULL_NAME");
    f.owner =
        CiEnv.firstNonBlank(
            env.val("BITBUCKET_WORKSPACE"),
            env.val("BITBUCKET_REPO_OWNER"),
            CiEnv.ownerOf(f.repository));
  }
}
