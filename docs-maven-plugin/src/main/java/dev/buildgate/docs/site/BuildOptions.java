package dev.buildgate.docs.site;

import dev.buildgate.docs.openapi.OpenApiOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything docs:build needs, immutable.
 *
 * @param basedir the project directory
 * @param configFile the site config (mkdocs.yml), relative to basedir or absolute
 * @param docsDir the docs directory, relative to basedir or absolute
 * @param extraInputs more files/directories the generator reads (overrides/, includes)
 * @param workDir target/buildgate/docs: staging, marker file
 * @param siteDir where the site is written
 * @param stateDir target/buildgate/state (up-to-date store)
 * @param openapi the OpenAPI source, or null for none
 * @param generator the site generator
 * @param force build even when nothing changed
 * @param changeFilter use git to skip when no watched path changed
 * @param changePaths the watched globs, relative to basedir
 * @param defaultBranch the default branch (merge base), or null
 * @param remote the remote whose default branch is compared with
 * @param changeBase an explicit commit to compare with instead of the merge base, or null
 */
public record BuildOptions(
    Path basedir,
    Path configFile,
    Path docsDir,
    List<Path> extraInputs,
    Path workDir,
    Path siteDir,
    Path stateDir,
    OpenApiOptions openapi,
    GeneratorOptions generator,
    boolean force,
    boolean changeFilter,
    List<String> changePaths,
    String defaultBranch,
    String remote,
    String changeBase) {

  public BuildOptions {
    Objects.requireNonNull(basedir, "basedir");
    Objects.requireNonNull(configFile, "configFile");
    Objects.requireNonNull(docsDir, "docsDir");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(siteDir, "siteDir");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(generator, "generator");
    extraInputs = extraInputs == null ? List.of() : List.copyOf(extraInputs);
    changePaths = changePaths == null ? List.of() : List.copyOf(changePaths);
    remote = remote == null || remote.isBlank() ? "origin" : remote;
  }

  /** The staging directory under the work dir. */
  public Path stagingDir() {
    return workDir.resolve("staging");
  }
}
