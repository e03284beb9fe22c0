package dev.buildgate.core.ci;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local build ({@code local}): the git checkout around the working directory ({@link
 * LocalGit}); event {@code LOCAL}, branch (none when detached), HEAD commit, a tag at HEAD, {@code
 * origin}'s default branch and repository path. Also fills in what a CI system does not tell.
 */
final class LocalCheckout {

  /** The provider id of a build outside CI. */
  static final String ID = "local";

  private static final Pattern VERSION_TAG = Pattern.compile("[vV]?(\\d+)\\.(\\d+)\\.(\\d+)");

  private LocalCheckout() {}

  /** Reads a local build's context from the checkout, when there is one. */
  static void read(Optional<LocalGit> git, CiFields f) {
    f.event = CiEvent.LOCAL;
    git.ifPresent(
        g -> {
          f.branch = g.branch();
          f.sha = g.headSha();
          f.tag = preferredTag(g.tagsAt(f.sha));
          f.defaultBranch = g.originDefaultBranch();
          f.repositoryWithOwner(LocalGit.repositoryPath(g.originUrl()));
        });
  }

  /** Fills the commit, default branch and repository a CI system left unknown. */
  static void fillGaps(LocalGit g, CiFields f) {
    if (f.sha == null) {
      f.sha = g.headSha();
    }
    if (f.defaultBranch == null) {
      f.defaultBranch = g.originDefaultBranch();
    }
    if (f.repository == null) {
      f.repository = LocalGit.repositoryPath(g.originUrl());
      if (f.owner == null) {
        f.owner = CiEnv.ownerOf(f.repository);
      }
    }
  }

  /** Of several tags on one commit: the highest plain {@code vX.Y.Z}, else the first by name. */
  static String preferredTag(List<String> tags) {
    String best = null;
    long bestKey = -1;
    for (String t : tags) {
      Matcher m = VERSION_TAG.matcher(t);
      if (m.matches()) {
        try {
          long key =
              Long.parseLong(m.group(1)) * 1_000_000_000_000L
                  + Long.parseLong(m.group(2)) * 1_000_000L
                  + Long.parseLong(m.group(3));
          if (key > bestKey) {
            bestKey = key;
            best = t;
          }
        } catch (NumberFormatException ignored) {
          // absurdly long number: not a version
        }
      }
    }
    if (best != null) {
      return best;
    }
    return tags.isEmpty() ? null : tags.get(0);
  }
}
