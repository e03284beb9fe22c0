package dev.buildgate.integration.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What rendering the CI compose file reads.
 *
 * @param outputDir where the rendering is cached ({@code compose-cache.properties})
 * @param composeFiles the original compose files (absolute), later ones override earlier ones
 * @param overrides the POM's edits
 * @param projectKey groupId:artifactId (names the images compose builds for unnamed services)
 * @param remoteDaemon ports published on loopback are published on all the daemon's interfaces
 */
public record ComposeConfig(
    Path outputDir,
    List<Path> composeFiles,
    List<ServiceOverride> overrides,
    String projectKey,
    boolean remoteDaemon) {

  public ComposeConfig {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(projectKey, "projectKey");
    composeFiles = List.copyOf(composeFiles);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
  }
}
