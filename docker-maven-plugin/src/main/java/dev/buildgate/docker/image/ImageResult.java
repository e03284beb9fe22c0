package dev.buildgate.docker.image;

import java.util.List;

/**
 * One entry of {@code images.json} (see IMAGES-JSON.md).
 *
 * @param name image name
 * @param primaryRef first ref
 * @param refs all refs
 * @param imageId local image id or null
 * @param digest registry digest or null
 * @param size bytes
 * @param durationMillis build time
 * @param status BUILT, UP_TO_DATE, FAILED, SKIPPED
 * @param cache steps and cached steps
 * @param loaded in the local daemon
 * @param pushed in the registry
 * @param dependsOn images waited for
 * @param platforms requested platforms
 * @param log log file name, relative to images.json
 * @param error reason for FAILED/SKIPPED
 * @param fingerprint input fingerprint (for up-to-date checks)
 */
public record ImageResult(
    String name,
    String primaryRef,
    List<String> refs,
    String imageId,
    String digest,
    long size,
    long durationMillis,
    Status status,
    Cache cache,
    boolean loaded,
    boolean pushed,
    List<String> dependsOn,
    List<String> platforms,
    String log,
    String error,
    String fingerprint) {

  /** Build status of one image. */
  public enum Status {
    /** Built in this run. */
    BUILT,
    /** Inputs unchanged and the image still exists. */
    UP_TO_DATE,
    /** The build failed. */
    FAILED,
    /** Not built because a dependency failed. */
    SKIPPED;

    /**
     * Whether the image is usable.
     *
     * @return true for BUILT and UP_TO_DATE
     */
    public boolean ok() {
      return this == BUILT || this == UP_TO_DATE;
    }
  }

  /**
   * Cache use.
   *
   * @param steps build steps seen
   * @param cached of those, served from cache
   */
  public record Cache(int steps, int cached) {}

  /** Defensive copies. */
  public ImageResult {
    refs = refs == null ? List.of() : List.copyOf(refs);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    cache = cache == null ? new Cache(0, 0) : cache;
  }

  /**
   * A copy with push results.
   *
   * @param newDigest the pushed digest
   * @return the copy
   */
  public ImageResult withPushed(String newDigest) {
    return new ImageResult(
        name,
        primaryRef,
        refs,
        imageId,
        newDigest,
        size,
        durationMillis,
        status,
        cache,
        loaded,
        true,
        dependsOn,
        platforms,
        log,
        error,
        fingerprint);
  }
}
