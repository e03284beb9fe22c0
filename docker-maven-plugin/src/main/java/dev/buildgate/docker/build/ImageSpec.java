package dev.buildgate.docker.build;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.docker.DockerConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One image of the build, as configured.
 *
 * @param name unique name; the repository is {@code <imagePrefix>/<name>}
 * @param dockerfile the Dockerfile (absolute)
 * @param context the build context directory (absolute)
 * @param contexts named build contexts: name to value (an image of this build, a directory, or a
 *     BuildKit source such as {@code docker-image://...}, {@code oci-layout://...}, a git URL)
 * @param buildArgs build arguments
 * @param target the stage to build, or {@code null}
 * @param platforms platforms ({@code []} = the builder's default)
 * @param labels extra labels (on top of the OCI labels)
 * @param secrets build secrets
 * @param tags extra tags (on top of the CI tag scheme)
 * @param dependsOn images of this build to wait for even without a context reference
 * @param pull base image pull policy
 */
public record ImageSpec(
    String name,
    Path dockerfile,
    Path context,
    Map<String, String> contexts,
    Map<String, String> buildArgs,
    String target,
    List<String> platforms,
    Map<String, String> labels,
    List<SecretSpec> secrets,
    List<String> tags,
    List<String> dependsOn,
    BuildxCommand.Pull pull) {

  /** Defensive copies that keep order. */
  public ImageSpec {
    contexts =
        contexts == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(contexts));
    buildArgs =
        buildArgs == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    labels =
        labels == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    tags = tags == null ? List.of() : List.copyOf(tags);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    pull = pull == null ? BuildxCommand.Pull.NEVER : pull;
  }

  /**
   * The pull policy as configured: never/false (default), always/true, default/missing.
   *
   * @param name the image's name (for the message)
   * @param pull the configured value, may be null
   * @return the policy
   * @throws DockerConfigException for another value
   */
  public static BuildxCommand.Pull pull(String name, String pull) throws DockerConfigException {
    if (pull == null || pull.isBlank()) {
      return BuildxCommand.Pull.NEVER;
    }
    switch (pull.trim().toLowerCase(Locale.ROOT)) {
      case "never":
      case "false":
        return BuildxCommand.Pull.NEVER;
      case "always":
      case "true":
        return BuildxCommand.Pull.ALWAYS;
      case "default":
      case "missing":
        return BuildxCommand.Pull.DEFAULT;
      default:
        throw new DockerConfigException(
            "docker image '"
                + name
                + "': <pull>"
                + pull
                + "</pull> must be never, always or default.");
    }
  }
}
