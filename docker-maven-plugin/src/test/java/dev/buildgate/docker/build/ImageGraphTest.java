package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.docker.DockerConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGraphTest {
  @TempDir Path dir;

  @BeforeEach
  void dockerfile() throws Exception {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    Files.createDirectories(dir.resolve("assets"));
  }

  ImageSpec img(String name, Map<String, String> contexts, List<String> dependsOn) {
    return new ImageSpec(
        name,
        dir.resolve("Dockerfile"),
        dir,
        contexts,
        null,
        null,
        null,
        null,
        null,
        null,
        dependsOn,
        null);
  }

  @Test
  void ordersBasesFirstAndResolvesContextKinds() throws Exception {
    ImageGraph g =
        ImageGraph.of(
            List.of(
                img(
                    "app",
                    Map.of(
                        "base", "base",
                        "tools", "image:tools",
                        "assets", "assets",
                        "git", "https://github.com/acme/x.git#main",
                        "img", "docker-image://alpine:3"),
                    List.of()),
                img("base", Map.of(), List.of()),
                img("tools", Map.of(), List.of("base")),
                img("other", Map.of(), List.of())),
            dir);
    assertThat(g.order()).containsExactly("base", "other", "tools", "app");
    assertThat(g.dependencies("app")).containsExactlyInAnyOrder("base", "tools");
    assertThat(g.contexts("app").get("assets").kind()).isEqualTo(ContextRef.Kind.DIRECTORY);
    assertThat(g.contexts("app").get("git").kind()).isEqualTo(ContextRef.Kind.SOURCE);
    assertThat(g.contexts("app").get("img").kind()).isEqualTo(ContextRef.Kind.SOURCE);
    assertThat(g.contexts("app").get("tools").image()).isEqualTo("tools");
  }

  @Test
  void cycleNamesTheImages() {
    assertThatThrownBy(
            () ->
                ImageGraph.of(
                    List.of(
                        img("a", Map.of("b", "b"), List.of()),
                        img("b", Map.of(), List.of("c")),
                        img("c", Map.of("x", "image:a"), List.of()),
                        img("d", Map.of(), List.of())),
                    dir))
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining("a -> b -> c -> a");
  }

  @Test
  void selfReferenceIsACycle() {
    assertThatThrownBy(() -> ImageGraph.of(List.of(img("a", Map.of(), List.of("a"))), dir))
        .hasMessageContaining("a -> a");
  }

  @Test
  void unknownContextNamesImageFieldAndFix() {
    assertThatThrownBy(
            () -> ImageGraph.of(List.of(img("app", Map.of("base", "bsae"), List.of())), dir))
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("docker image 'app': context 'base' = 'bsae'")
        .hasMessageContaining("not an image of this build (app)")
        .hasMessageContaining("Fix <contexts><base>");
    assertThatThrownBy(
            () -> ImageGraph.of(List.of(img("app", Map.of("b", "image:nope"), List.of())), dir))
        .hasMessageContaining("names no image of this build");
    assertThatThrownBy(() -> ImageGraph.of(List.of(img("app", Map.of(), List.of("nope"))), dir))
        .hasMessageContaining("<dependsOn> 'nope'");
  }

  @Test
  void missingDockerfileAndContext() {
    ImageSpec noFile =
        new ImageSpec(
            "app",
            dir.resolve("nope/Dockerfile"),
            dir,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> ImageGraph.of(List.of(noFile), dir))
        .hasMessageContaining(
            "docker image 'app': Dockerfile " + dir.resolve("nope/Dockerfile") + " does not exist")
        .hasMessageContaining("Fix <dockerfile>");
    ImageSpec noCtx =
        new ImageSpec(
            "app",
            dir.resolve("Dockerfile"),
            dir.resolve("missing"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> ImageGraph.of(List.of(noCtx), dir))
        .hasMessageContaining("is not a directory");
  }

  @Test
  void duplicateAndInvalidNames() {
    assertThatThrownBy(
            () ->
                ImageGraph.of(
                    List.of(img("a", Map.of(), List.of()), img("a", Map.of(), List.of())), dir))
        .hasMessageContaining("configured twice");
    assertThatThrownBy(() -> ImageGraph.of(List.of(img("App", Map.of(), List.of())), dir))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> ImageGraph.of(List.of(), dir)).hasMessageContaining("no <images>");
  }

  @Test
  void aBuildArgWithALineBreakIsOneLineNamingTheImageAndTheArg() {
    ImageSpec s =
        new ImageSpec(
            "app",
            dir.resolve("Dockerfile"),
            dir,
            null,
            Map.of("VERSION", "1.0\nEVIL=1"),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> ImageGraph.of(List.of(s), dir))
        .isInstanceOf(DockerConfigException.class)
        .hasMessageStartingWith("docker image 'app': build arg VERSION contains a line break")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("EVIL"));
  }
}
