package dev.buildgate.docker.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code target/buildgate/docker/images.json} written by {@code docker:build} (format:
 * docker-maven-plugin/IMAGES-JSON.md, schema 1). Unknown fields are ignored.
 */
public final class ImagesJson {

  private ImagesJson() {}

  /**
   * Reads the images of a build.
   *
   * @throws ScanException one line naming the file and the problem
   */
  public static List<ImageTarget> read(Path file) throws ScanException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ScanException(
          "Cannot read "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse("")
              + " (it is written by docker:build; run it again)",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new ScanException(file + ": expected a JSON object (written by docker:build)");
    }
    int schema = root.path("schemaVersion").asInt(1);
    if (schema != 1) {
      throw new ScanException(
          file + ": schemaVersion " + schema + " is not supported by this docker:scan (reads 1)");
    }
    JsonNode images = root.path("images");
    if (!images.isArray()) {
      throw new ScanException(file + ": 'images' must be an array");
    }
    List<ImageTarget> out = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      JsonNode n = images.get(i);
      String name = text(n, "name");
      if (name == null) {
        throw new ScanException(file + ": images[" + i + "] has no 'name'");
      }
      List<String> refs = new ArrayList<>();
      for (JsonNode r : n.path("refs")) {
        refs.add(r.asText());
      }
      String primary = text(n, "primaryRef");
      if (primary == null && !refs.isEmpty()) {
        primary = refs.get(0);
      }
      String imageId = text(n, "imageId");
      String status = n.path("status").asText("BUILT");
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
      boolean loaded = n.path("loaded").asBoolean(imageId != null);
      out.add(
          new ImageTarget(
              name,
              primary != null ? primary : imageId,
              refs,
              imageId,
              text(n, "digest"),
              n.path("size").asLong(0),
              n.path("durationMillis").asLong(0),
              status,
              loaded,
              text(n, "error")));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
  }
}
