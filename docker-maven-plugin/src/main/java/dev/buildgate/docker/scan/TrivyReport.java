package dev.buildgate.docker.scan;

import java.util.List;

/**
 * The header facts of a Trivy JSON report (the vulnerabilities are streamed separately).
 *
 * @param schemaVersion {@code SchemaVersion}
 * @param artifactName {@code ArtifactName}
 * @param imageId {@code Metadata.ImageID}, or null
 * @param repoDigests {@code Metadata.RepoDigests}
 * @param os {@code Metadata.OS} as {@code family name}, e.g. {@code debian 12.15}, or null
 * @param results number of {@code Results} entries
 * @param vulnerabilities number of vulnerabilities streamed
 */
public record TrivyReport(
    int schemaVersion,
    String artifactName,
    String imageId,
    List<String> repoDigests,
    String os,
    int results,
    long vulnerabilities) {

  public TrivyReport {
    repoDigests = repoDigests == null ? List.of() : List.copyOf(repoDigests);
  }
}
