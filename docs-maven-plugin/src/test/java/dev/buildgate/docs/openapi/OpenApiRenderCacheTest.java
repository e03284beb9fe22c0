package dev.buildgate.docs.openapi;

import static org.assertj.core.api.Assertions.assertThat;

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
}
