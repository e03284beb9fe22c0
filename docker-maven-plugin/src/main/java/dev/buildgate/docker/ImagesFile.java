package dev.buildgate.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code target/buildgate/docker/images.json} (format: IMAGES-JSON.md).
 *
 * @param schemaVersion 1
 * @param generatedAt ISO instant
 * @param builder buildx or engine
 * @param registry the registry
 * @param imagePrefix the prefix
 * @param success no image failed or was skipped
 * @param images the entries, in build order
 */
public record ImagesFile(
    int schemaVersion,
    String generatedAt,
    String builder,
    String registry,
    String imagePrefix,
    boolean success,
    List<ImageResult> images) {

  /** The file name. */
  public static final String FILE_NAME = "images.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Defensive copy. */
  public ImagesFile {
    images = images == null ? List.of() : List.copyOf(images);
  }

  /**
   * Reads the file.
   *
   * @param file the path
   * @return the content, or empty when the file does not exist
   * @throws IOException when it cannot be parsed
   */
  public static Optional<ImagesFile> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(file.toFile(), ImagesFile.class));
  }

  /**
   * Writes the file atomically.
   *
   * @param file the path
   * @throws IOException on a write error
   */
  public void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The entry of an image.
   *
   * @param name the image name
   * @return the entry
   */
  public Optional<ImageResult> image(String name) {
    return images.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
