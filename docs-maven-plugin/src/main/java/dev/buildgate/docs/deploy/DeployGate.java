package dev.buildgate.docs.deploy;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.ci.CiEvent;

/** Decides whether docs:deploy may publish in a CI context: only a push to the default branch. */
public final class DeployGate {

  private DeployGate() {}

  /** Returns null when deploying is allowed, else one line saying why not. */
  public static String whyNot(CiContext ci) {
    String def = ci.defaultBranch() == null ? "main" : ci.defaultBranch();
    if (ci.isPullRequest() || ci.event() == CiEvent.PULL_REQUEST) {
      return "pull request"
          + (ci.pullRequest() == null ? "" : " #" + ci.pullRequest())
          + ": docs are built only; Pages deploy runs on a push to '"
          + def
          + "'";
    }
    if (ci.event() != CiEvent.PUSH) {
      return "event is "
          + ci.event()
          + ", deploy runs only for a push to the default branch '"
          + def
          + "'"
          + (ci.event() == CiEvent.LOCAL
              ? " (simulate with -Dbuildgate.ci.event=push -Dbuildgate.ci.branch=" + def + ")"
              : "");
    }
    if (!ci.onDefaultBranch()) {
      return "branch '"
          + (ci.branch() == null ? "(detached)" : ci.branch())
          + "' is not the default branch '"
          + def
          + "'";
    }
    return null;
  }
}
