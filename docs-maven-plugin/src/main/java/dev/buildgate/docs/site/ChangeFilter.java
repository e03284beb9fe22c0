package dev.buildgate.docs.site;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.io.Glob;
import dev.buildgate.docs.Git;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides with git whether anything under the watched paths changed since the merge base with the
 * default branch. On the default branch itself (merge base = HEAD) it compares with the previous
 * commit, i.e. what the push brought in.
 */
public final class ChangeFilter {

  /** The decision. */
  public enum Outcome {
    /** A watched path changed: build. */
    CHANGED,
    /** Nothing watched changed: skip. */
    UNCHANGED,
    /** git cannot tell (no repository, no default-branch ref, shallow history). */
    UNKNOWN
  }

  /**
   * The result.
   *
   * @param outcome the decision
   * @param reason one line saying why
   * @param changed the watched paths that changed (at most a few)
   */
  public record Result(Outcome outcome, String reason, List<String> changed) {}

  private final ProcessRunner runner;

  public ChangeFilter(ProcessRunner runner) {
    this.runner = runner;
  }

  /**
   * Checks the paths.
   *
   * @param basedir the project directory; globs and reported paths are relative to it
   * @param globs glob patterns such as {@code docs/**}, {@code mkdocs.yml}
   * @param defaultBranch the default branch name (e.g. main)
   * @param remote the remote whose copy of the default branch is preferred (e.g. origin)
   */
  public Result check(Path basedir, List<String> globs, String defaultBranch, String remote) {
    return check(basedir, globs, defaultBranch, remote, null);
  }

  /**
   * Checks the paths against an explicit base commit when {@code changeBase} is set (for example
   * the commit before a push), else against the merge base with the default branch.
   */
  public Result check(
      Path basedir, List<String> globs, String defaultBranch, String remote, String changeBase) {
    Git git = new Git(runner, basedir, Map.of(), List.of(), Duration.ofSeconds(60));
    try {
      if (!"true".equals(git.output("rev-parse", "--is-inside-work-tree"))) {
        return unknown("not a git work tree");
      }
      String head = git.output("rev-parse", "--verify", "-q", "HEAD^{commit}");
      if (head == null) {
        return unknown("no commit checked out");
      }
      if (changeBase != null && !changeBase.isBlank()) {
        String base = git.output("rev-parse", "--verify", "-q", changeBase.strip() + "^{commit}");
        if (base == null) {
          return unknown("change base '" + changeBase + "' is not a commit here");
        }
        return diff(git, globs, base, "the configured change base");
      }
      if (defaultBranch == null || defaultBranch.isBlank()) {
        return unknown("default branch unknown");
      }
      String ref = null;
      for (String candidate :
          List.of(
              "refs/remotes/" + remote + "/" + defaultBranch,
              "refs/heads/" + defaultBranch,
              "refs/remotes/origin/" + defaultBranch)) {
        if (git.output("rev-parse", "--verify", "-q", candidate + "^{commit}") != null) {
          ref = candidate;
          break;
        }
      }
      if (ref == null) {
        return unknown("no ref for the default branch '" + defaultBranch + "'");
      }
      String base = git.output("merge-base", "HEAD", ref);
      if (base == null) {
        return unknown("no merge base with " + ref + " (shallow clone?)");
      }
      String against = "merge base with " + shortRef(ref);
      if (base.equals(head)) {
        String previous = git.output("rev-parse", "--verify", "-q", "HEAD^1^{commit}");
        if (previous == null) {
          return unknown("on " + shortRef(ref) + " without a previous commit");
        }
        base = previous;
        against = "the previous commit (HEAD is on " + shortRef(ref) + ")";
      }
      return diff(git, globs, base, against);
    } catch (ExecException e) {
      return unknown("git not usable: " + e.getMessage());
    }
  }

  private static Result diff(Git git, List<String> globs, String base, String against)
      throws ExecException {
    {
      ProcessResult diff = git.run(List.of("diff", "--name-only", "--relative", "-z", base, "--"));
      ProcessResult untracked =
          git.run(List.of("ls-files", "-z", "--others", "--exclude-standard"));
      if (diff.exitCode() != 0 || untracked.exitCode() != 0) {
        return unknown("git diff failed: " + diff.stderrTail(1));
      }
      Set<String> paths = new LinkedHashSet<>();
      for (String out : List.of(diff.stdout(), untracked.stdout())) {
        for (String p : out.split("\0")) {
          if (!p.isBlank()) {
            paths.add(p.strip());
          }
        }
      }
      List<Glob> matchers = globs.stream().filter(g -> !g.isBlank()).map(Glob::new).toList();
      List<String> changed = new ArrayList<>();
      for (String p : paths) {
        if (matchers.stream().anyMatch(m -> m.matches(p))) {
          changed.add(p);
        }
      }
      String shortBase = base.substring(0, Math.min(7, base.length()));
      if (changed.isEmpty()) {
        return new Result(
            Outcome.UNCHANGED,
            "nothing under " + globs + " changed since " + shortBase + " (" + against + ")",
            List.of());
      }
      return new Result(
          Outcome.CHANGED,
          changed.size()
              + " watched path(s) changed since "
              + shortBase
              + " ("
              + against
              + "), e.g. "
              + String.join(", ", changed.subList(0, Math.min(3, changed.size()))),
          List.copyOf(changed.subList(0, Math.min(20, changed.size()))));
    }
  }

  private static String shortRef(String ref) {
    return ref.replaceFirst("^refs/(remotes|heads)/", "");
  }

  private static Result unknown(String why) {
    return new Result(Outcome.UNKNOWN, why, List.of());
  }
}
