package dev.buildgate.core.ci;

/** The mutable fields collected during detection, turned into a {@link CiContext} at the end. */
final class CiFields {
  final String provider;
  CiEvent event;
  String branch;
  String baseBranch;
  String defaultBranch;
  Integer pullRequest;
  String tag;
  String sha;
  String runId;
  String owner;
  String repository;

  /** The one-line error for a pull request variable that is not a number, when one was seen. */
  String invalidPullRequest;

  CiFields(String provider) {
    this.provider = provider;
  }

  /** Sets the repository path and the owner derived from it. */
  void repositoryWithOwner(String repositoryPath) {
    repository = repositoryPath;
    owner = CiEnv.ownerOf(repositoryPath);
  }
}
