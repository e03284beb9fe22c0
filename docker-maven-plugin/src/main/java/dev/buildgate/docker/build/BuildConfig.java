package dev.buildgate.docker.build;

import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.docker.DockerConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code docker:build} needs, immutable.
 *
 * @param baseDir the project directory (relative paths resolve against it)
 * @param images the images
 * @param outputDir {@code target/buildgate/docker} (images.json, logs, metadata)
 * @param buildgateDir {@code target/buildgate} (summary, state)
 * @param registry the registry host (may be empty)
 * @param imagePrefix the lower-cased prefix ({@code registry/owner/project}), may be empty
 * @param tags the CI tags (e.g. {@code main}, {@code sha-1234567}, {@code latest})
 * @param branchScope cache scope of this build
 * @param defaultScope cache scope of the default branch
 * @param builder {@code auto}, {@code buildx} or {@code engine}
 * @param buildxBuilder a buildx builder name, or {@code null} for the current one
 * @param push {@code true}: buildx pushes ({@code --push}) instead of loading
 * @param parallelism how many independent images build at once
 * @param cache cache settings
 * @param defaultLabels labels every image gets (OCI labels)
 * @param docker the docker CLI executable
 * @param env the environment of the build (secrets by env var, DOCKER_HOST, ...)
 * @param timeout per image build timeout
 * @param noCache build without cache
 * @param sourceDate the fixed time of a reproducible build (see {@link SourceDate}), or {@code
 *     null}: buildx gets it as {@code SOURCE_DATE_EPOCH} and rewrites layer timestamps to it
 * @param buildId the build (one {@code mvn} run) this belongs to, or {@code null}: the modules of
 *     one build ask {@code docker buildx} about the builder once (see {@link BuilderChoice})
 */
public record BuildConfig(
    Path baseDir,
    List<ImageSpec> images,
    Path outputDir,
    Path buildgateDir,
    String registry,
    String imagePrefix,
    List<String> tags,
    String branchScope,
    String defaultScope,
    String builder,
    String buildxBuilder,
    boolean push,
    int parallelism,
    CacheSettings cache,
    Map<String, String> defaultLabels,
    String docker,
    Map<String, String> env,
    Duration timeout,
    boolean noCache,
    java.time.Instant sourceDate,
    String buildId) {

  /** Defensive copies. */
  public BuildConfig {
    images = List.copyOf(images);
    tags = List.copyOf(tags);
    defaultLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultLabels));
    env = Map.copyOf(env);
    registry = registry == null ? "" : registry;
    imagePrefix = imagePrefix == null ? "" : imagePrefix;
    parallelism = Math.max(1, parallelism);
  }

  /**
   * Checks the configured parallelism.
   *
   * @param parallelism how many images build at once
   * @return it
   * @throws DockerConfigException when it is below 1
   */
  public static int parallelism(int parallelism) throws DockerConfigException {
    if (parallelism < 1) {
      throw new DockerConfigException(
          "docker: <parallelism> (buildgate.docker.parallelism) is "
              + parallelism
              + ": it is how many images build at once, at least 1 (default 4).");
    }
    return parallelism;
  }

  /**
   * The repository of an image: {@code <imagePrefix>/<name>} (or the name alone).
   *
   * @param name the image name
   * @return the repository
   */
  public String repository(String name) {
    return imagePrefix.isEmpty() ? name : imagePrefix + "/" + name;
  }

  /** Environment variables of the docker CLI that are passed on as they are. */
  public static final java.util.List<String> DOCKER_ENV = List.of("DOCKER_CONFIG", "BUILDX_CONFIG");

  /**
   * The docker CLI's variables: where it keeps its config and builders ({@link #DOCKER_ENV} from
   * {@link #env()}) and the daemon the engine client talks to ({@link DockerHost#cliEnv()}), so
   * buildx builds on the same daemon.
   *
   * @return name to value, only those set
   */
  public Map<String, String> dockerEnv() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : DOCKER_ENV) {
      String v = env.get(k);
      if (v != null && !v.isEmpty()) {
        m.put(k, v);
      }
    }
    try {
      m.putAll(DockerHost.resolve(env, Path.of(System.getProperty("user.home"))).cliEnv());
    } catch (IllegalStateException e) {
      // an unreadable docker context: the engine client reports it
    }
    return m;
  }
}
