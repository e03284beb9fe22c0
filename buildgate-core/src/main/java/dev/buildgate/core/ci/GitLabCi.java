package dev.buildgate.core.ci;

/**
 * GitLab CI ({@code GITLAB_CI=true}): {@code CI_PIPELINE_SOURCE} ({@code merge_request_event} PR,
 * {@code web}/{@code api}/{@code trigger}/{@code chat} manual, {@code schedule}), {@code
 * CI_MERGE_REQUEST_IID}, {@code CI_COMMIT_TAG}, {@code CI_DEFAULT_BRANCH}.
 */
final class GitLabCi implements CiProvider {

  @Override
  public String id() {
    return "gitlab";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.isTrue("GITLAB_CI");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    String source = env.lower("CI_PIPELINE_SOURCE");
    Integer mr =
        env.pullRequestNumber(
            env.firstPresentKey("CI_MERGE_REQUEST_IID", "CI_EXTERNAL_PULL_REQUEST_IID"), f);
    f.tag = env.val("CI_COMMIT_TAG");
    f.branch = env.val("CI_COMMIT_BRANCH");
    if (f.branch == null && f.tag == null && mr == null) {
      f.branch = env.val("CI_COMMIT_REF_NAME");
    }
    if (mr != null
        || "merge_request_event".equals(source)
        || "external_pull_request_event".equals(source)) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = mr;
      f.branch =
          CiEnv.firstNonBlank(
              env.val("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
              env.val("CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME"),
              f.branch);
      f.baseBranch =
          CiEnv.firstNonBlank(
              env.val("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
              env.val("CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME"));
    } else {
      f.event = otherEvent(source, f.tag);
    }
    f.defaultBranch = env.val("CI_DEFAULT_BRANCH");
    f.sha = env.val("CI_COMMIT_SHA");
    f.runId = env.val("CI_PIPELINE_ID");
    f.owner = env.val("CI_PROJECT_NAMESPACE");
    f.repository = env.val("CI_PROJECT_PATH");
  }

  /** The event of a pipeline that is not for a merge request. */
  private static CiEvent otherEvent(String source, String tag) {
    if ("web".equals(source)
        || "api".equals(source)
        || "trigger".equals(source)
        || "chat".equals(source)) {
      return CiEvent.MANUAL;
    }
    if ("schedule".equals(source)) {
      return CiEvent.SCHEDULE;
    }
    return tag != null ? CiEvent.TAG : CiEvent.PUSH;
  }
}
