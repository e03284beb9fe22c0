package dev.buildgate.core.ci;

import java.util.regex.Matcher;

/**
 * Azure Pipelines ({@code TF_BUILD}): {@code BUILD_REASON} ({@code PullRequest}, {@code Manual},
 * {@code Schedule}, else push/tag from {@code BUILD_SOURCEBRANCH}).
 */
final class AzurePipelines implements CiProvider {

  @Override
  public String id() {
    return "azure";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.isTrue("TF_BUILD");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    String reason = env.lower("BUILD_REASON");
    String sourceBranch = env.val("BUILD_SOURCEBRANCH");
    if (sourceBranch != null && sourceBranch.startsWith("refs/tags/")) {
      f.tag = sourceBranch.substring(10);
    } else if (sourceBranch != null && sourceBranch.startsWith("refs/heads/")) {
      f.branch = sourceBranch.substring(11);
    } else if (sourceBranch != null && !sourceBranch.startsWith("refs/")) {
      f.branch = sourceBranch;
    }
    if ("pullrequest".equals(reason)) {
      readPullRequest(env, sourceBranch, f);
    } else if ("manual".equals(reason)) {
      f.event = CiEvent.MANUAL;
    } else if ("schedule".equals(reason)) {
      f.event = CiEvent.SCHEDULE;
    } else {
      f.event = f.tag != null ? CiEvent.TAG : CiEvent.PUSH;
    }
    f.sha = env.val("BUILD_SOURCEVERSION");
    f.runId = env.val("BUILD_BUILDID");
    f.repository = env.val("BUILD_REPOSITORY_NAME");
    f.owner = CiEnv.firstNonBlank(CiEnv.ownerOf(f.repository), env.val("SYSTEM_TEAMPROJECT"));
    if (f.repository != null && !f.repository.contains("/") && f.owner != null) {
      f.repository = f.owner + "/" + f.repository;
    }
  }

  private static void readPullRequest(CiEnv env, String sourceBranch, CiFields f) {
    f.event = CiEvent.PULL_REQUEST;
    f.pullRequest =
        env.pullRequestNumber(
            env.firstPresentKey(
                "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", "SYSTEM_PULLREQUEST_PULLREQUESTID"),
            f);
    if (f.pullRequest == null && sourceBranch != null) {
      Matcher m = CiEnv.PR_MERGE_REF.matcher(sourceBranch);
      if (m.matches()) {
        f.pullRequest = CiEnv.parsePositive(m.group(1));
      }
    }
    f.branch =
        CiEnv.stripHeads(CiEnv.firstNonBlank(env.val("SYSTEM_PULLREQUEST_SOURCEBRANCH"), f.branch));
    f.baseBranch = CiEnv.stripHeads(env.val("SYSTEM_PULLREQUEST_TARGETBRANCH"));
  }
}
