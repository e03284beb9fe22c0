package dev.buildgate.core.ci;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CircleCI ({@code CIRCLECI=true}): push, pull request ({@code CIRCLE_PR_NUMBER}, else the number
 * at the end of {@code CIRCLE_PULL_REQUEST}) and tag ({@code CIRCLE_TAG}); the environment does not
 * say whether a build was started by hand, so set {@code buildgate.ci.event=manual} there.
 */
final class CircleCi implements CiProvider {

  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)/?$");

  @Override
  public String id() {
    return "circleci";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.isTrue("CIRCLECI");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    Integer pr = env.pullRequestNumber(env.firstPresentKey("CIRCLE_PR_NUMBER"), f);
    if (pr == null) {
      String url = env.val("CIRCLE_PULL_REQUEST");
      if (url != null) {
        Matcher m = TRAILING_NUMBER.matcher(url);
        pr = m.find() ? CiEnv.parsePositive(m.group(1)) : null;
      }
    }
    f.branch = env.val("CIRCLE_BRANCH");
    f.tag = env.val("CIRCLE_TAG");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    f.sha = env.val("CIRCLE_SHA1");
    f.runId = CiEnv.firstNonBlank(env.val("CIRCLE_WORKFLOW_ID"), env.val("CIRCLE_BUILD_NUM"));
    f.owner = env.val("CIRCLE_PROJECT_USERNAME");
    String name = env.val("CIRCLE_PROJECT_REPONAME");
    f.repository =
        f.owner != null && name != null
            ? f.owner + "/" + name
            : LocalGit.repositoryPath(env.val("CIRCLE_REPOSITORY_URL"));
  }
}
