package dev.buildgate.docker.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.buildgate.core.io.JsonMessages;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An image to scan, from {@code images.json} or configured directly.
 *
 * @param name the image's name (unique; names the report files)
 * @param ref the reference Trivy scans (the primary ref)
 * @param refs every reference of the image
 * @param imageId the local image id, or null
 * @param digest the registry digest, or null
 * @param size size in bytes (0 = unknown)
 * @param buildMillis build wall time (0 = unknown / not built in this run)
 * @param buildStatus {@code BUILT}, {@code UP_TO_DATE}, {@code FAILED}, {@code SKIPPED} or {@code
 *     CONFIGURED} (given as a ref, not built by docker:build)
 * @param local the image is in the local daemon (scanned from it, else from the registry)
 * @param buildError why the build failed or was skipped, or null
 */
public record ImageTarget(
    String name,
    String ref,
    List<String> refs,
    String imageId,
    String digest,
    long size,
    long buildMillis,
    String buildStatus,
    boolean local,
    String buildError) {

  public ImageTarget {
    refs = refs == null ? List.of() : List.copyOf(refs);
  }

  /**
   * The images {@code docker:build} recorded in {@code images.json} (read with {@link
   * ImagesFile#parse}, schema 1).
   *
   * @param file the images.json
   * @return the images, in build order
   * @throws ScanException one line naming the file and the problem
   */
  public static List<ImageTarget> fromImagesJson(Path file) throws ScanException {
    ImagesFile images;
    try {
      images = ImagesFile.parse(file);
    } catch (IOException e) {
      String msg =
          e instanceof JsonProcessingException j ? JsonMessages.oneLine(j) : e.getMessage();
      throw new ScanException(
          "Cannot read "
              + file
              + ": "
              + String.valueOf(msg).lines().findFirst().orElse("")
              + " (it is written by docker:build; run it again)",
          e);
    }
    int schema = images.schemaVersion() == 0 ? 1 : images.schemaVersion(); // 0: not given
    if (schema != 1) {
      throw new ScanException(
          file + ": schemaVersion " + schema + " is not supported by this docker:scan (reads 1)");
    }
    List<ImageTarget> out = new ArrayList<>();
    for (int i = 0; i < images.images().size(); i++) {
      out.add(of(file, i, images.images().get(i)));
    }
    return out;
  }

  /** One entry of images.json; blank strings are absent, a missing status is BUILT. */
  private static ImageTarget of(Path file, int i, ImageResult n) throws ScanException {
    String name = text(n.name());
    if (name == null) {
      throw new ScanException(file + ": images[" + i + "] has no 'name'");
    }
    String primary = text(n.primaryRef());
    if (primary == null && !n.refs().isEmpty()) {
      primary = n.refs().get(0);
    }
    String imageId = text(n.imageId());
    String status = n.status() == null ? "BUILT" : n.status().name();
    if (primary == null
        && imageId == null
        && !"FAILED".equals(status)
        && !"SKIPPED".equals(status)) {
      throw new ScanException(
          file
              + ": images["
              + i
              + "] ("
              + name
              + ") has neither 'primaryRef'/'refs' nor 'imageId'");
    }
    return new ImageTarget(
        name,
        primary != null ? primary : imageId,
        n.refs(),
        imageId,
        text(n.digest()),
        n.size(),
        n.durationMillis(),
        status,
        n.loaded(),
        text(n.error()));
  }

  private static String text(String v) {
    return v != null && !v.isBlank() ? v : null;
  }

  /** An image given by reference only (tried in the local daemon first, then the registry). */
  public static ImageTarget configured(String ref) {
    return configured(ref, nameOf(ref));
  }

  /** An image given by reference only, with an explicit name. */
  public static ImageTarget configured(String ref, String name) {
    return new ImageTarget(name, ref, List.of(ref), null, null, 0, 0, "CONFIGURED", true, null);
  }

  /**
   * Images for configured references, named by the last path segment of each repository, or by the
   * whole reference where that name is taken (e.g. {@code a/app:1} and {@code b/app:1}).
   */
  public static List<ImageTarget> configured(List<String> refs) {
    java.util.Set<String> used = new java.util.HashSet<>();
    java.util.List<ImageTarget> out = new java.util.ArrayList<>();
    for (String ref : refs) {
      String name = nameOf(ref);
      if (!used.add(name)) {
        name = ref.replaceAll("[^A-Za-z0-9._-]+", "-");
        used.add(name);
      }
      out.add(configured(ref, name));
    }
    return out;
  }

  /**
   * The targets without the excluded names (e.g. a base image whose layers its dependents carry and
   * are scanned with).
   *
   * @param targets the images, e.g. from {@code images.json}
   * @param excluded image names not to scan; null or empty: none
   * @return the remaining targets, in order
   * @throws ScanException a name that is none of the images (a typo would scan what it meant to
   *     skip)
   */
  public static List<ImageTarget> excluding(List<ImageTarget> targets, List<String> excluded)
      throws ScanException {
    if (excluded == null || excluded.isEmpty()) {
      return targets;
    }
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    targets.forEach(t -> names.add(t.name()));
    for (String n : excluded) {
      if (!names.contains(n)) {
        throw new ScanException(
            "docker:scan <excludeImages>: no image named '"
                + n
                + "' (images: "
                + String.join(", ", names)
                + "): use the <name> of an image docker:build built");
      }
    }
    return targets.stream().filter(t -> !excluded.contains(t.name())).toList();
  }

  /** Whether docker:scan scans it: built, up to date or configured. */
  public boolean scannable() {
    return "BUILT".equals(buildStatus)
        || "UP_TO_DATE".equals(buildStatus)
        || "CONFIGURED".equals(buildStatus);
  }

  /** The name made safe for a file name: {@code trivy-<fileName>.sarif}. */
  public String fileName() {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
  }

  /**
   * The repository part of a reference: {@code reg:5000/a/b:tag@sha256:..} gives {@code
   * reg:5000/a/b}.
   */
  public static String repositoryOf(String ref) {
    String r = ref;
    int at = r.indexOf('@');
    if (at >= 0) {
      r = r.substring(0, at);
    }
    int colon = r.lastIndexOf(':');
    if (colon > r.lastIndexOf('/')) {
      r = r.substring(0, colon);
    }
    return r;
  }

  /** A name for a configured reference: its last path segment without tag. */
  static String nameOf(String ref) {
    String repo = repositoryOf(ref);
    return repo.substring(repo.lastIndexOf('/') + 1);
  }
}
