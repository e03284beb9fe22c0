package dev.buildgate.core.ci;

import java.util.List;
import java.util.Optional;

/** The supported CI systems, in detection order. */
final class CiProviders {

  /** Every CI system; the first whose markers are present wins. */
  static final List<CiProvider> ALL =
      List.of(
          new GitHubActions(),
          new GitLabCi(),
          new CircleCi(),
          new AzurePipelines(),
          new BitbucketPipelines(),
          new Buildkite(),
          new Jenkins());

  private CiProviders() {}

  /** The provider with this id; empty for {@code local} and unknown ids. */
  static Optional<CiProvider> byId(String id) {
    return ALL.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The first provider whose markers are present; empty when none is (a local build). */
  static Optional<CiProvider> detect(CiEnv env) {
    return ALL.stream().filter(p -> p.detects(env)).findFirst();
  }
}
