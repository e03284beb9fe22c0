package dev.buildgate.docs.deploy;

/**
 * What docs:deploy did.
 *
 * @param status pushed, dry run, or unchanged
 * @param commit the new commit (null when unchanged)
 * @param parent the previous tip (null for the first deploy)
 * @param files files in the published tree
 * @param attempts push attempts made
 * @param remote the remote, without credentials
 * @param branch the pages branch
 */
public record DeployResult(
    Status status,
    String commit,
    String parent,
    int files,
    int attempts,
    String remote,
    String branch) {

  /** The result kinds. */
  public enum Status {
    PUSHED,
    DRY_RUN,
    /** the tip already has exactly this tree: nothing pushed. */
    UNCHANGED
  }
}
