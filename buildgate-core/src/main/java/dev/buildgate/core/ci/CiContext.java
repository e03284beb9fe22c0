package dev.buildgate.core.ci;

import java.util.Objects;

/**
 * Where and why a build runs.
 *
 * @param provider CI system id: {@code github}, {@code gitlab}, {@code jenkins}, {@code circleci},
 *     {@code azure}, {@code bitbucket}, {@code buildkite} or {@code local}
 * @param event what triggered the build
 * @param branch the branch built; for a pull request its source (head) branch; null for tag builds
 *     and detached checkouts
 * @param defaultBranch the repository's default branch ({@code main} when unknown)
 * @param pullRequest pull/merge request number, null when not a pull request
 * @param tag the git tag built, null when not a tag build
 * @param sha full commit id, null when unknown
 * @param runId CI run id, null locally
 * @param owner repository owner / namespace (GitHub owner, GitLab group path), null when unknown
 * @param repository repository path including the owner ({@code owner/name}), null when unknown
 * @param baseBranch for a pull request its target (base) branch, else null
 */
public record CiContext(
    String provider,
    CiEvent event,
    String branch,
    String defaultBranch,
    Integer pullRequest,
    String tag,
    String sha,
    String runId,
    String owner,
    String repository,
    String baseBranch) {

  /** The default branch assumed when the CI system does not tell. */
  public static final String FALLBACK_DEFAULT_BRANCH = "main";

  public CiContext {
    provider = blankToNull(provider);
    if (provider == null) {
      throw new IllegalArgumentException("CiContext provider must not be blank");
    }
    Objects.requireNonNull(event, "event");
    branch = blankToNull(branch);
    defaultBranch = blankToNull(defaultBranch);
    if (defaultBranch == null) {
      defaultBranch = FALLBACK_DEFAULT_BRANCH;
    }
    if (pullRequest != null && pullRequest <= 0) {
      throw new IllegalArgumentException(
          "CiContext pullRequest must be a positive number but was " + pullRequest);
    }
    tag = blankToNull(tag);
    sha = blankToNull(sha);
    runId = blankToNull(runId);
    owner = blankToNull(owner);
    repository = blankToNull(repository);
    baseBranch = blankToNull(baseBranch);
  }

  /** A context without a base branch (the ten fields of the original contract). */
  public CiContext(
      String provider,
      CiEvent event,
      String branch,
      String defaultBranch,
      Integer pullRequest,
      String tag,
      String sha,
      String runId,
      String owner,
      String repository) {
    this(
        provider,
        event,
        branch,
        defaultBranch,
        pullRequest,
        tag,
        sha,
        runId,
        owner,
        repository,
        null);
  }

  /** True when the build is not a pull request and its branch is the default branch. */
  public boolean onDefaultBranch() {
    return !isPullRequest() && branch != null && branch.equals(defaultBranch);
  }

  /** True for pull/merge request builds (the number is known). */
  public boolean isPullRequest() {
    return pullRequest != null;
  }

  /** The first seven characters of the commit id, or null when the commit is unknown. */
  public String shortSha() {
    if (sha == null) {
      return null;
    }
    return sha.length() <= 7 ? sha : sha.substring(0, 7);
  }

  /**
   * The repository name without the owner ({@code name} of {@code owner/name}), or null when the
   * repository is unknown.
   */
  public String repositoryName() {
    if (repository == null) {
      return null;
    }
    int slash = repository.lastIndexOf('/');
    return slash < 0 ? repository : repository.substring(slash + 1);
  }

  /** One line for build logs, e.g. {@code github PULL_REQUEST #12 branch=feat/x sha=abc1234}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(provider).append(' ').append(event);
    if (pullRequest != null) {
      sb.append(" #").append(pullRequest);
    }
    if (branch != null) {
      sb.append(" branch=").append(branch);
    }
    if (baseBranch != null) {
      sb.append(" base=").append(baseBranch);
    }
    if (tag != null) {
      sb.append(" tag=").append(tag);
    }
    if (sha != null) {
      sb.append(" sha=").append(shortSha());
    }
    sb.append(" default=").append(defaultBranch);
    if (repository != null) {
      sb.append(" repo=").append(repository);
    }
    if (runId != null) {
      sb.append(" run=").append(runId);
    }
    return sb.toString();
  }

  static String blankToNull(String s) {
    if (s == null) {
      return null;
    }
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
