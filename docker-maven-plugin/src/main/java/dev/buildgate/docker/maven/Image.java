package dev.buildgate.docker.maven;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.build.ImageSpec;
import dev.buildgate.docker.build.SecretSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@code <image>} of the plugin configuration (see USAGE.md). */
public class Image {
  /** Unique image name; the repository is {@code <imagePrefix>/<name>}. */
  String name;

  /** Dockerfile, relative to the project directory; default {@code <context>/Dockerfile}. */
  String dockerfile;

  /** Build context directory, relative to the project directory; default the project directory. */
  String context;

  /** Named build contexts: another image of this build, a directory or a BuildKit source. */
  Map<String, String> contexts = new LinkedHashMap<>();

  /** Build arguments. */
  Map<String, String> buildArgs = new LinkedHashMap<>();

  /** Stage to build. */
  String target;

  /** Platforms, e.g. linux/amd64. */
  List<String> platforms = new ArrayList<>();

  /** Extra labels. */
  Map<String, String> labels = new LinkedHashMap<>();

  /** Build secrets (id + env or file). */
  List<Secret> secrets = new ArrayList<>();

  /** Extra tags (a bare tag is added to the image's repository; a full ref is used as is). */
  List<String> tags = new ArrayList<>();

  /** Images of this build to wait for. */
  List<String> dependsOn = new ArrayList<>();

  /** Pull policy: never (default), always, default. */
  String pull;

  /**
   * The domain's image.
   *
   * @param base the project directory (relative paths resolve against it)
   * @param offline Maven is offline: base images are never pulled
   * @return the spec
   * @throws DockerConfigException for an invalid {@code <pull>}
   */
  ImageSpec toSpec(Path base, boolean offline) throws DockerConfigException {
    Path contextDir =
        base.resolve(context == null || context.isBlank() ? "." : context).normalize();
    Path dockerfilePath =
        dockerfile == null || dockerfile.isBlank()
            ? contextDir.resolve("Dockerfile")
            : base.resolve(dockerfile).normalize();
    List<SecretSpec> secretSpecs = new ArrayList<>();
    for (Secret s : secrets) {
      secretSpecs.add(s.toSpec());
    }
    return new ImageSpec(
        name,
        dockerfilePath,
        contextDir,
        contexts,
        buildArgs,
        target,
        platforms,
        labels,
        secretSpecs,
        tags,
        dependsOn,
        offline ? BuildxCommand.Pull.NEVER : ImageSpec.pull(name, pull));
  }
}
