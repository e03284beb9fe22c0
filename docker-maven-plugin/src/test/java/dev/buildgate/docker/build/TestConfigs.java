package dev.buildgate.docker.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

final class TestConfigs {
  private TestConfigs() {}

  static BuildConfig config(
      Path base,
      List<ImageSpec> images,
      String prefix,
      List<String> tags,
      String builder,
      String buildxBuilder,
      CacheSettings cache,
      String branch,
      Map<String, String> env) {
    return new BuildConfig(
        base,
        images,
        base.resolve("target/buildgate/docker"),
        base.resolve("target/buildgate"),
        "",
        prefix,
        tags,
        branch,
        "main",
        builder,
        buildxBuilder,
        false,
        4,
        cache,
        Map.of("org.opencontainers.image.version", "1.0"),
        "docker",
        env,
        Duration.ofMinutes(5),
        false,
        null,
        null);
  }

  /** The same configuration with --no-cache and the given source date. */
  static BuildConfig reproducible(BuildConfig c, java.time.Instant sourceDate) {
    return copy(c, c.parallelism(), true, sourceDate);
  }

  /** The same configuration with another parallelism, --no-cache and source date. */
  static BuildConfig copy(
      BuildConfig c, int parallelism, boolean noCache, java.time.Instant sourceDate) {
    return copy(c, parallelism, noCache, sourceDate, c.buildId());
  }

  /** The same configuration in the given build. */
  static BuildConfig inBuild(BuildConfig c, String buildId) {
    return copy(c, c.parallelism(), c.noCache(), c.sourceDate(), buildId);
  }

  private static BuildConfig copy(
      BuildConfig c,
      int parallelism,
      boolean noCache,
      java.time.Instant sourceDate,
      String buildId) {
    return new BuildConfig(
        c.baseDir(),
        c.images(),
        c.outputDir(),
        c.buildgateDir(),
        c.registry(),
        c.imagePrefix(),
        c.tags(),
        c.branchScope(),
        c.defaultScope(),
        c.builder(),
        c.buildxBuilder(),
        c.push(),
        parallelism,
        c.cache(),
        c.defaultLabels(),
        c.docker(),
        c.env(),
        c.timeout(),
        noCache,
        sourceDate,
        buildId);
  }

  static ImageSpec image(Path base, String name, Map<String, String> contexts) {
    return new ImageSpec(
        name,
        base.resolve(name).resolve("Dockerfile"),
        base.resolve(name),
        contexts,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
