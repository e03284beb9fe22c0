package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.image.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderArgvTest {
  @TempDir Path dir;

  private ImageResult base() {
    return new ImageResult(
        "base",
        "acme/shop/base:feat-x",
        List.of("acme/shop/base:feat-x"),
        "sha256:1",
        null,
        1,
        1,
        ImageResult.Status.BUILT,
        null,
        true,
        false,
        List.of(),
        List.of(),
        "base.log",
        null,
        "fp");
  }

  private ImageJob job(Map<String, String> contexts, List<SecretSpec> secrets) throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.createDirectories(dir.resolve("assets"));
    Files.writeString(dir.resolve("app/Dockerfile"), "FROM base\n");
    ImageSpec spec =
        new ImageSpec(
            "app",
            dir.resolve("app/Dockerfile"),
            dir.resolve("app"),
            contexts,
            Map.of("A", "1"),
            "runtime",
            List.of(),
            Map.of("x", "y"),
            secrets,
            List.of("extra"),
            List.of(),
            null);
    Map<String, ContextRef> refs = new java.util.LinkedHashMap<>();
    contexts.forEach(
        (k, v) ->
            refs.put(
                k,
                v.equals("base")
                    ? ContextRef.image("base")
                    : v.contains("://")
                        ? ContextRef.source(v)
                        : ContextRef.directory(dir.resolve(v))));
    return new ImageJob(
        spec,
        List.of("acme/shop/app:feat-x", "acme/shop/app:extra"),
        refs,
        Map.of("base", base()),
        Map.of("org.opencontainers.image.version", "1.0"));
  }

  @Test
  void buildxArgvForADependentWithLocalBranchCache() throws Exception {
    CacheSettings cache = new CacheSettings("local", dir.resolve("cache"), null);
    BuildConfig cfg =
        TestConfigs.config(
            dir,
            List.of(),
            "acme/shop",
            List.of("feat-x"),
            "buildx",
            "ci",
            cache,
            "feat-x",
            Map.of("TOKEN", "t"));
    BuildxImageBuilder b = new BuildxImageBuilder(cfg, null, null, "docker-container", true);
    ImageJob job = job(Map.of("base", "base"), List.of(new SecretSpec("tok", "TOKEN", null)));
    assertThat(b.command(job).argv())
        .containsExactly(
            "docker",
            "buildx",
            "build",
            "--progress=plain",
            "--builder",
            "ci",
            "-f",
            dir.resolve("app/Dockerfile").toString(),
            "--target",
            "runtime",
            "--pull=false",
            "-t",
            "acme/shop/app:feat-x",
            "-t",
            "acme/shop/app:extra",
            "--build-context",
            "base=docker-image://acme/shop/base:feat-x",
            "--build-arg",
            "A=1",
            "--label",
            "org.opencontainers.image.version=1.0",
            "--secret",
            "id=tok,env=TOKEN",
            "--cache-from",
            "type=local,src=" + dir.resolve("cache/app/feat-x"),
            "--cache-from",
            "type=local,src=" + dir.resolve("cache/app/main"),
            "--cache-to",
            "type=local,dest=" + dir.resolve("cache/app/feat-x") + ",mode=max",
            "--metadata-file",
            dir.resolve("target/buildgate/docker/app.metadata.json").toString(),
            "--load",
            dir.resolve("app").toString());
  }

  @Test
  void aLoadedBaseCannotFeedANonDockerDriverWithoutPush() throws Exception {
    BuildConfig cfg =
        TestConfigs.config(
            dir,
            List.of(),
            "acme/shop",
            List.of("main"),
            "buildx",
            "ci",
            new CacheSettings("auto", dir, null),
            "main",
            Map.of());
    BuildxImageBuilder b = new BuildxImageBuilder(cfg, null, null, "docker-container", false);
    assertThatThrownBy(() -> b.check(job(Map.of("base", "base"), List.of())))
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("cannot see images loaded into the daemon")
        .hasMessageContaining("<push>true</push>");
    new BuildxImageBuilder(cfg, null, null, "docker", false)
        .check(job(Map.of("base", "base"), List.of()));
  }

  @Test
  void secretFromAnUnsetVariableIsAConfigError() throws Exception {
    BuildConfig cfg =
        TestConfigs.config(
            dir,
            List.of(),
            "",
            List.of("main"),
            "buildx",
            null,
            new CacheSettings("auto", dir, null),
            "main",
            Map.of());
    BuildxImageBuilder b = new BuildxImageBuilder(cfg, null, null, "docker", false);
    assertThatThrownBy(
            () -> b.check(job(Map.of(), List.of(new SecretSpec("npm", "NPM_TOKEN", null)))))
        .hasMessageContaining(
            "secret 'npm' reads environment variable NPM_TOKEN, which is not set");
  }

  @Test
  void engineRejectsWhatTheClassicBuilderCannotDo() throws Exception {
    BuildConfig cfg =
        TestConfigs.config(
            dir,
            List.of(),
            "",
            List.of("main"),
            "engine",
            null,
            new CacheSettings("auto", dir, null),
            "main",
            Map.of("T", "x"));
    EngineImageBuilder e = new EngineImageBuilder(cfg, null);
    e.check(job(Map.of("base", "base", "img", "docker-image://r/x:1"), List.of()));
    assertThat(
            EngineImageBuilder.imageContexts(
                job(Map.of("base", "base", "img", "docker-image://r/x:1"), List.of())))
        .containsEntry("base", "acme/shop/base:feat-x")
        .containsEntry("img", "r/x:1");
    assertThatThrownBy(() -> e.check(job(Map.of("assets", "assets"), List.of())))
        .hasMessageContaining("context 'assets'")
        .hasMessageContaining("is not an image");
    assertThatThrownBy(() -> e.check(job(Map.of(), List.of(new SecretSpec("s", "T", null)))))
        .hasMessageContaining("secrets need BuildKit");
    BuildConfig explicitCache =
        TestConfigs.config(
            dir,
            List.of(),
            "",
            List.of("main"),
            "engine",
            null,
            new CacheSettings("local", dir, null),
            "main",
            Map.of());
    assertThatThrownBy(
            () -> new EngineImageBuilder(explicitCache, null).check(job(Map.of(), List.of())))
        .hasMessageContaining("cache export");
  }
}
