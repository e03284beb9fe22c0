package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageTargetTest {

  private static final List<ImageTarget> IMAGES =
      List.of(
          ImageTarget.configured("local/app/base:it", "base"),
          ImageTarget.configured("local/app/backend:it", "backend"),
          ImageTarget.configured("local/app/frontend:it", "frontend"));

  @Test
  void excludedImagesAreLeftOutInOrder() throws Exception {
    assertThat(ImageTarget.excluding(IMAGES, List.of("base")))
        .extracting(ImageTarget::name)
        .containsExactly("backend", "frontend");
  }

  @Test
  void noExclusionsKeepsEveryImage() throws Exception {
    assertThat(ImageTarget.excluding(IMAGES, List.of())).isEqualTo(IMAGES);
    assertThat(ImageTarget.excluding(IMAGES, null)).isEqualTo(IMAGES);
  }

  @Test
  void anUnknownNameIsAnErrorNamingTheImages() {
    assertThatThrownBy(() -> ImageTarget.excluding(IMAGES, List.of("bsae")))
        .isInstanceOf(ScanException.class)
        .hasMessage(
            "docker:scan <excludeImages>: no image named 'bsae' (images: base, backend, frontend):"
                + " use the <name> of an image docker:build built");
  }
}
