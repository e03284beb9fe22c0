package dev.buildgate.docker.build;

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

  @Test
  void labelsEveryStageButTheLastSoTheCleanupFindsTheirImages() {
    String in =
        String.join(
            "\n",
            "# syntax=docker/dockerfile:1",
            "ARG BASE=buildgate/busybox:local",
            "FROM ${BASE} AS build",
            "RUN echo built > /a",
            "FROM --platform=linux/amd64 \\",
            "    buildgate/busybox:local AS assets",
            "RUN true",
            "FROM buildgate/busybox:local",
            "COPY --from=build /a /a",
            "");
    assertThat(DockerfileRewriter.labelStages(in, "app"))
        .isEqualTo(
            String.join(
                "\n",
                "# syntax=docker/dockerfile:1",
                "ARG BASE=buildgate/busybox:local",
                "FROM ${BASE} AS build",
                "LABEL dev.buildgate.stage=\"app\"",
                "RUN echo built > /a",
                "FROM --platform=linux/amd64 \\",
                "    buildgate/busybox:local AS assets",
                "LABEL dev.buildgate.stage=\"app\"",
                "RUN true",
                "FROM buildgate/busybox:local",
                "COPY --from=build /a /a",
                ""));
    assertThat(DockerfileRewriter.labelStages("FROM scratch\nCOPY a /a\n", "app"))
        .isEqualTo("FROM scratch\nCOPY a /a\n");
  }
}
