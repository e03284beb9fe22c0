package dev.buildgate.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileRewriterTest {
  @Test
  void rewritesFromAndCopyFromButNotStagesOrOtherImages() {
    String in =
        String.join(
            "\n",
            "FROM base",
            "from --platform=linux/amd64 base AS build",
            "COPY --from=base /a /a",
            "COPY --chown=1:1 --from=assets /x /x",
            "FROM build",
            "COPY --from=build /b /b",
            "FROM buildgate/busybox:local",
            "");
    String out =
        DockerfileRewriter.rewrite(
            in, Map.of("base", "r/base:main", "assets", "r/assets:1", "build", "r/wrong:1"));
    assertThat(out)
        .isEqualTo(
            String.join(
                "\n",
                "FROM r/base:main",
                "from --platform=linux/amd64 r/base:main AS build",
                "COPY --from=r/base:main /a /a",
                "COPY --chown=1:1 --from=r/assets:1 /x /x",
                "FROM build",
                "COPY --from=build /b /b",
                "FROM buildgate/busybox:local",
                ""));
  }
}
