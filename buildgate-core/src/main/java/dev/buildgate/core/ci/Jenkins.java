package dev.buildgate.core.ci;

import java.util.Locale;

/**
 * Jenkins ({@code JENKINS_URL} or {@code JENKINS_HOME}): {@code CHANGE_ID}/{@code
 * CHANGE_BRANCH}/{@code CHANGE_TARGET}, {@code TAG_NAME}, {@code BRANCH_NAME} (or {@code
 * GIT_BRANCH}); manual and timer builds from {@code BUILD_CAUSE} (EnvInject / build-user-vars
 * plugins), otherwise push; run id {@code BUILD_TAG}.
 */
final class Jenkins implements CiProvider {

  @Override
  public String id() {
    return "jenkins";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.present("JENKINS_URL") || env.present("JENKINS_HOME");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    Integer pr = env.pullRequestNumber(env.firstPresentKey("CHANGE_ID"), f);
    f.tag = env.val("TAG_NAME");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.branch = env.val("CHANGE_BRANCH");
      f.baseBranch = env.val("CHANGE_TARGET");
    } else {
      if (f.tag == null) {
        f.branch = branch(env);
      }
      f.event = event(env, f.tag);
    }
    f.sha = env.val("GIT_COMMIT");
    f.runId = CiEnv.firstNonBlank(env.val("BUILD_TAG"), env.val("BUILD_NUMBER"));
    f.repository =
        LocalGit.repositoryPath(CiEnv.firstNonBlank(env.val("GIT_URL"), env.val("CHANGE_URL")));
    if (f.repository != null && env.val("GIT_URL") == null) {
      // CHANGE_URL is .../owner/repo/pull/12: drop the pull request part
      f.repository =
          f.repository.replaceFirst(
              "/(pull|pull-requests|merge_requests|-/merge_requests)/\\d+$", "");
    }
    f.owner = CiEnv.ownerOf(f.repository);
  }

  /** {@code BRANCH_NAME} (multibranch), else {@code GIT_BRANCH} without {@code origin/}. */
  private static String branch(CiEnv env) {
    String branch = env.val("BRANCH_NAME");
    if (branch == null) {
      branch = env.val("GIT_BRANCH");
      if (branch != null) {
        branch = branch.replaceFirst("^refs/heads/", "").replaceFirst("^origin/", "");
      }
    }
    return branch;
  }

  /** Manual, timer, tag or push, from the build cause. */
  private static CiEvent event(CiEnv env, String tag) {
    String cause = CiEnv.firstNonBlank(env.val("BUILD_CAUSE"), causeFromFlags(env));
    cause = cause == null ? null : cause.toUpperCase(Locale.ROOT);
    if (cause != null && cause.contains("USERIDCAUSE") || "MANUALTRIGGER".equals(cause)) {
      return CiEvent.MANUAL;
    }
    if (cause != null && cause.contains("TIMERTRIGGER")) {
      return CiEvent.SCHEDULE;
    }
    return tag != null ? CiEvent.TAG : CiEvent.PUSH;
  }

  private static String causeFromFlags(CiEnv env) {
    if (env.isTrue("BUILD_CAUSE_USERIDCAUSE") || env.isTrue("BUILD_CAUSE_MANUALTRIGGER")) {
      return "USERIDCAUSE";
    }
    if (env.isTrue("BUILD_CAUSE_TIMERTRIGGER")) {
      return "TIMERTRIGGER";
    }
    return null;
  }
}
