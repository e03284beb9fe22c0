package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker:scan reads images.json with the one reader, ImagesFile. */
class ImageTargetFromImagesJsonTest {
  @TempDir Path dir;

  @Test
  void readsWhatDockerBuildWrites() throws Exception {
    ImageResult built =
        new ImageResult(
            "backend",
            "acme/backend:main",
            List.of("acme/backend:main", "acme/backend:it"),
            "sha256:aaa",
            "sha256:ddd",
            1234L,
            56L,
            ImageResult.Status.UP_TO_DATE,
            new ImageResult.Cache(3, 2),
            true,
            false,
            List.of("base"),
            List.of(),
            "backend.log",
            null,
            "fp");
    ImageResult failed =
        new ImageResult(
            "web",
            "acme/web:main",
            List.of("acme/web:main"),
            null,
            null,
            0,
            0,
            ImageResult.Status.FAILED,
            null,
            false,
            false,
            List.of(),
            List.of(),
            "web.log",
            "boom",
            null);
    Path f = dir.resolve("images.json");
    new ImagesFile(1, "now", "buildx", "", "acme", false, List.of(built, failed)).write(f);

    List<ImageTarget> t = ImageTarget.fromImagesJson(f);
    assertThat(t)
        .containsExactly(
            new ImageTarget(
                "backend",
                "acme/backend:main",
                List.of("acme/backend:main", "acme/backend:it"),
                "sha256:aaa",
                "sha256:ddd",
                1234L,
                56L,
                "UP_TO_DATE",
                true,
                null),
            new ImageTarget(
                "web",
                "acme/web:main",
                List.of("acme/web:main"),
                null,
                null,
                0,
                0,
                "FAILED",
                false,
                "boom"));
  }

  @Test
  void defaultsAndUnknownFields() throws Exception {
    Path f = dir.resolve("images.json");
    Files.writeString(
        f,
        "{\"x\":{\"y\":[1]},\"images\":[{\"name\":\"a\",\"imageId\":\"sha256:1\",\"n\":{\"m\":2},"
            + "\"size\":\"7\",\"imageId2\":[{}]},{\"name\":\"b\",\"refs\":[\"r:1\"],\"digest\":\" \"}]}");
    List<ImageTarget> t = ImageTarget.fromImagesJson(f);
    assertThat(t.get(0))
        .isEqualTo(
            new ImageTarget(
                "a", "sha256:1", List.of(), "sha256:1", null, 7, 0, "BUILT", true, null));
    assertThat(t.get(1))
        .isEqualTo(
            new ImageTarget("b", "r:1", List.of("r:1"), null, null, 0, 0, "BUILT", false, null));
  }

  @Test
  void problemsAreOneLineScanExceptions() throws Exception {
    Path f = dir.resolve("images.json");
    Files.writeString(f, "[]");
    assertThatThrownBy(() -> ImageTarget.fromImagesJson(f))
        .isInstanceOf(ScanException.class)
        .hasMessageContaining("expected a JSON object");
    Files.writeString(f, "{\"schemaVersion\":2,\"images\":[]}");
    assertThatThrownBy(() -> ImageTarget.fromImagesJson(f)).hasMessageContaining("schemaVersion 2");
    Files.writeString(f, "{\"images\":{}}");
    assertThatThrownBy(() -> ImageTarget.fromImagesJson(f))
        .hasMessageContaining("'images' must be an array");
    Files.writeString(f, "{\"images\":[{\"refs\":[]}]}");
    assertThatThrownBy(() -> ImageTarget.fromImagesJson(f))
        .hasMessageContaining("images[0] has no 'name'");
    Files.writeString(f, "{\"images\":[{\"name\":\"a\"}]}");
    assertThatThrownBy(() -> ImageTarget.fromImagesJson(f))
        .hasMessageContaining("has neither 'primaryRef'/'refs' nor 'imageId'");
    Files.writeString(f, "{\"images\":[{\"name\":");
    assertThatThrownBy(() -> ImageTarget.fromImagesJson(f))
        .isInstanceOf(ScanException.class)
        .hasMessageStartingWith("Cannot read " + f);
  }
}
