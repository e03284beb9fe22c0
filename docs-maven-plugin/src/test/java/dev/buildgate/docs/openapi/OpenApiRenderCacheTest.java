package dev.buildgate.docs.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code stamp of the rendering key: found by resource, without loading the classes. */
class OpenApiRenderCacheTest {

  private static final String MAPPER = "com/fasterxml/jackson/databind/ObjectMapper.class";

  @Test
  void aClassInAJarIsStampedByItsJarAndStaysTheSame() {
    String stamp = OpenApiRenderCache.codeStamp(MAPPER);
    assertThat(stamp)
        .doesNotStartWith("unstamped-")
        .isEqualTo(OpenApiRenderCache.codeStamp(MAPPER));
    assertThat(stamp).isNotEqualTo(OpenApiRenderCache.codeStamp("org/yaml/snakeyaml/Yaml.class"));
  }

  @Test
  void aClassThatIsNotThereNeverMatches() {
    String missing = "dev/buildgate/docs/openapi/NoSuchClass.class";
    assertThat(OpenApiRenderCache.codeStamp(missing))
        .startsWith("unstamped-")
        .isNotEqualTo(OpenApiRenderCache.codeStamp(missing));
  }

  @Test
  void theKeyOfARenderingWithStampedCodeIsTheSameEachTime() {
    OpenApiOptions options =
        new OpenApiOptions(
            null,
            Path.of("openapi.json"),
            "docs/openapi.json",
            Duration.ofSeconds(5),
            0,
            Duration.ZERO,
            false,
            List.of());
    Path target = Path.of("docs/openapi.json");
    String key = OpenApiRenderCache.key("{\"openapi\": \"3.1.0\"}", options, target);
    assertThat(key)
        .isNotNull()
        .isEqualTo(OpenApiRenderCache.key("{\"openapi\": \"3.1.0\"}", options, target))
        .isNotEqualTo(OpenApiRenderCache.key("{\"openapi\": \"3.0.3\"}", options, target));
  }
}
