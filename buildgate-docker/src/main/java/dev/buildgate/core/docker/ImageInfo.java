package dev.buildgate.core.docker;

import java.util.List;
import java.util.Map;

/**
 * What the daemon knows about a local image.
 *
 * @param id image id ({@code sha256:...})
 * @param repoTags tags pointing at it
 * @param repoDigests registry digests ({@code repo@sha256:...}) once pushed or pulled
 * @param size size in bytes
 * @param created creation time as reported by the daemon
 * @param labels the image's labels
 */
public record ImageInfo(
    String id,
    List<String> repoTags,
    List<String> repoDigests,
    long size,
    String created,
    Map<String, String> labels) {

  /** Defensive copies. */
  public ImageInfo {
    repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
    repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
