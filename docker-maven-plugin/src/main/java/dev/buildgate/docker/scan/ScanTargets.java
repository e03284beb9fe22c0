package dev.buildgate.docker.scan;

import dev.buildgate.core.gate.GateLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What docker:scan scans: the configured references, else the images {@code docker:build} recorded
 * in {@code images.json}, without the excluded names.
 *
 * @param images configured references (scanned instead of images.json); empty: none
 * @param imagesFile docker:build's {@code images.json}
 * @param excluded image names not to scan
 */
public record ScanTargets(List<String> images, Path imagesFile, List<String> excluded) {

  /** Defensive copies. */
  public ScanTargets {
    images = List.copyOf(images);
    excluded = List.copyOf(excluded);
  }

  /**
   * The targets from parameters whose entries may each be comma-separated (as given with -D):
   * trimmed, blanks dropped.
   *
   * @param images configured references, may be null
   * @param imagesFile docker:build's {@code images.json}
   * @param excluded image names not to scan, may be null
   * @return the targets
   */
  public static ScanTargets of(List<String> images, Path imagesFile, List<String> excluded) {
    return new ScanTargets(csv(images), imagesFile, csv(excluded));
  }

  /**
   * The images to scan, in order.
   *
   * @param log where the excluded images are named
   * @return the images
   * @throws ScanException nothing to scan, an unreadable images.json or an unknown excluded name
   */
  public List<ImageTarget> resolve(GateLog log) throws ScanException {
    if (!images.isEmpty()) {
      return ImageTarget.configured(images);
    }
    if (!Files.isRegularFile(imagesFile)) {
      throw new ScanException(
          "Nothing to scan: "
              + imagesFile
              + " does not exist and no <scanImages> are configured: run docker:build first"
              + " (it writes images.json) or set <scanImages> / -Dbuildgate.docker.scan.images=<ref>");
    }
    List<ImageTarget> all = ImageTarget.fromImagesJson(imagesFile);
    List<ImageTarget> targets = ImageTarget.excluding(all, excluded);
    if (targets.size() < all.size()) {
      log.info("not scanned (excludeImages): " + String.join(", ", excluded));
    }
    return targets;
  }

  /** The images, or none when they cannot be read (for a skipped scan's summary). */
  List<ImageTarget> resolveOrEmpty(GateLog log) {
    try {
      return resolve(log);
    } catch (ScanException e) {
      return List.of();
    }
  }

  private static List<String> csv(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values == null ? List.<String>of() : values) {
      for (String part : v == null ? new String[0] : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}
