package dev.buildgate.docker.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * images.json is streamed (no Jackson data binding on the up-to-date path): the bytes are those
 * Jackson's data binding wrote before (INDENT_OUTPUT of the records), and the reader accepts what
 * it accepted (unknown fields ignored, missing fields defaulted).
 */
class ImagesFileTest {
  @TempDir Path dir;

  private static final ObjectMapper DATABIND =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static ImagesFile sample() {
    ImageResult built =
        new ImageResult(
            "base",
            "reg:5000/acme/base:main",
            List.of("reg:5000/acme/base:main", "reg:5000/acme/base:sha-1a2b3c4"),
            "sha256:5f1d",
            null,
            2080768L,
            1843L,
            ImageResult.Status.BUILT,
            new ImageResult.Cache(4, 3),
            true,
            false,
            List.of(),
            List.of("linux/amd64", "linux/arm64"),
            "base.log",
            null,
            "ab12");
    ImageResult failed =
        new ImageResult(
            "app \"quoted\"\n",
            "reg:5000/acme/app:main",
            List.of("reg:5000/acme/app:main"),
            null,
            "sha256:dd",
            0L,
            12L,
            ImageResult.Status.FAILED,
            null,
            false,
            true,
            List.of("base"),
            List.of(),
            "app.log",
            "step 3 failed: \u00e9\t\\",
            null);
    return new ImagesFile(
        1, "2026-11-26T21:30:00Z", "buildx", "", "reg:5000/acme", false, List.of(built, failed));
  }

  @Test
  void writesWhatDataBindingWrote() throws Exception {
    ImagesFile f = sample();
    Path p = dir.resolve("images.json");
    f.write(p);
    assertThat(Files.readString(p)).isEqualTo(DATABIND.writeValueAsString(f));
    assertThat(ImagesFile.read(p)).contains(f);
    assertThat(DATABIND.readValue(p.toFile(), ImagesFile.class)).isEqualTo(f);
  }

  @Test
  void readsWhatDataBindingRead() throws Exception {
    Path p = dir.resolve("images.json");
    Files.writeString(
        p,
        "{\"schemaVersion\":1,\"future\":{\"a\":[1,{\"b\":null}]},\"builder\":\"engine\","
            + "\"images\":[{\"name\":\"x\",\"status\":\"UP_TO_DATE\",\"size\":5,"
            + "\"refs\":[\"r:1\"],\"cache\":{\"steps\":2,\"cached\":1,\"new\":true},"
            + "\"extra\":[[]]},{\"name\":\"y\",\"cache\":null,\"refs\":null}]}");
    ImagesFile streamed = ImagesFile.read(p).orElseThrow();
    assertThat(streamed).isEqualTo(DATABIND.readValue(p.toFile(), ImagesFile.class));
    assertThat(streamed.images()).hasSize(2);
    assertThat(streamed.image("y").orElseThrow().cache()).isEqualTo(new ImageResult.Cache(0, 0));
    assertThat(streamed.image("x").orElseThrow().refs()).containsExactly("r:1");
  }

  @Test
  void missingFileIsEmptyAndGarbageIsAnIoError() throws Exception {
    assertThat(ImagesFile.read(dir.resolve("none.json"))).isEmpty();
    Path p = dir.resolve("images.json");
    Files.writeString(p, "{\"images\":[{\"status\":\"EXPLODED\"}]}");
    assertThatThrownBy(() -> ImagesFile.read(p)).isInstanceOf(IOException.class);
    Files.writeString(p, "[1,2]");
    assertThatThrownBy(() -> ImagesFile.read(p)).isInstanceOf(IOException.class);
    Files.writeString(p, "{\"images\":[{\"name\":");
    assertThatThrownBy(() -> ImagesFile.read(p)).isInstanceOf(IOException.class);
  }

  @Test
  void corruptJsonIsOneLineNamingTheFileAndTheFixWithoutParserNoise() throws Exception {
    Path p = dir.resolve("images.json");
    Files.writeString(p, "{\"schemaVersion\":1,\n xx\"images\": []}");
    assertThatThrownBy(() -> ImagesFile.read(p))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(p + " is not valid JSON (line 2, column")
        .hasMessageEndingWith("run docker:build again")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("[Source:"));
  }

  @Test
  void theOneReaderTakesNumbersAsStringsAndALoadedDefault_andNeedsAnImagesArray() throws Exception {
    // docker:scan read images.json with its own lenient reader: ImagesFile.parse kept its rules
    Path p = dir.resolve("images.json");
    Files.writeString(
        p,
        "{\"images\":[{\"name\":\"a\",\"imageId\":\"sha256:1\",\"size\":\" 7 \"},"
            + "{\"name\":\"b\",\"refs\":[\"r:1\"]},"
            + "{\"name\":\"c\",\"imageId\":\"sha256:2\",\"loaded\":false}]}");
    ImagesFile f = ImagesFile.parse(p);
    assertThat(f.image("a").orElseThrow().size()).isEqualTo(7);
    assertThat(f.image("a").orElseThrow().loaded()).as("an image id: loaded").isTrue();
    assertThat(f.image("b").orElseThrow().loaded()).isFalse();
    assertThat(f.image("c").orElseThrow().loaded()).as("as written").isFalse();
    Files.writeString(p, "{\"schemaVersion\":1}");
    assertThatThrownBy(() -> ImagesFile.parse(p))
        .isInstanceOf(IOException.class)
        .hasMessage("'images' must be an array (there is none)");
    Files.writeString(p, "{\"images\":[{\"name\":\"a\",\"size\":\"big\"}]}");
    assertThatThrownBy(() -> ImagesFile.parse(p))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("expected a number at line 1");
  }
}
