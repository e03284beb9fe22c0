package dev.buildgate.docs.site;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.docs.openapi.OpenApiOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
public record BuildConfig(
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

  public BuildConfig {
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

  /**
   * A builder from the settings as written, which checks them.
   *
   * @return a builder (MkDocs, no OpenAPI spec, change filter on)
   */
  public static Builder builder() {
    return new Builder();
  }

  /** docs:build's settings as written; {@link #build()} checks them. */
  public static final class Builder {
    private Path basedir;
    private Path configFile;
    private Path docsDir;
    private List<Path> extraInputs = List.of();
    private Path workDir;
    private Path siteDir;
    private Path stateDir;
    private OpenApiOptions.Builder openapi = OpenApiOptions.builder();
    private GeneratorOptions.Builder generator = GeneratorOptions.builder();
    private boolean force;
    private boolean changeFilter = true;
    private List<String> changePaths;
    private String defaultBranch;
    private String remote;
    private String changeBase;

    private Builder() {}

    /**
     * @param basedir the project directory
     * @return this
     */
    public Builder basedir(Path basedir) {
      this.basedir = basedir;
      return this;
    }

    /**
     * @param configFile the site config (mkdocs.yml)
     * @return this
     */
    public Builder configFile(Path configFile) {
      this.configFile = configFile;
      return this;
    }

    /**
     * @param docsDir the docs directory
     * @return this
     */
    public Builder docsDir(Path docsDir) {
      this.docsDir = docsDir;
      return this;
    }

    /**
     * @param extraInputs more files/directories the generator reads, or null
     * @return this
     */
    public Builder extraInputs(List<Path> extraInputs) {
      this.extraInputs = extraInputs == null ? List.of() : extraInputs;
      return this;
    }

    /**
     * @param workDir target/buildgate/docs
     * @return this
     */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /**
     * @param siteDir where the site is written
     * @return this
     */
    public Builder siteDir(Path siteDir) {
      this.siteDir = siteDir;
      return this;
    }

    /**
     * @param stateDir target/buildgate/state
     * @return this
     */
    public Builder stateDir(Path stateDir) {
      this.stateDir = stateDir;
      return this;
    }

    /**
     * @param openapi the OpenAPI settings (none set: no spec)
     * @return this
     */
    public Builder openapi(OpenApiOptions.Builder openapi) {
      this.openapi = openapi;
      return this;
    }

    /**
     * @param generator the generator settings
     * @return this
     */
    public Builder generator(GeneratorOptions.Builder generator) {
      this.generator = generator;
      return this;
    }

    /**
     * @param force build even when nothing changed
     * @return this
     */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    /**
     * @param changeFilter use git to skip when no watched path changed
     * @return this
     */
    public Builder changeFilter(boolean changeFilter) {
      this.changeFilter = changeFilter;
      return this;
    }

    /**
     * @param changePaths the watched globs, or null/empty for the docs directory, the config file,
     *     pom.xml and the extra inputs
     * @return this
     */
    public Builder changePaths(List<String> changePaths) {
      this.changePaths = changePaths;
      return this;
    }

    /**
     * @param defaultBranch the default branch, or null
     * @return this
     */
    public Builder defaultBranch(String defaultBranch) {
      this.defaultBranch = defaultBranch;
      return this;
    }

    /**
     * @param remote the remote compared with
     * @return this
     */
    public Builder remote(String remote) {
      this.remote = remote;
      return this;
    }

    /**
     * @param changeBase an explicit commit to compare with, or null
     * @return this
     */
    public Builder changeBase(String changeBase) {
      this.changeBase = changeBase;
      return this;
    }

    /**
     * Checks the settings: the generator's, then the OpenAPI spec's.
     *
     * @return the config
     * @throws GateCannotRunException one line naming the setting at fault
     */
    public BuildConfig build() throws GateCannotRunException {
      GeneratorOptions gen = generator.build();
      OpenApiOptions spec = openapi.build();
      List<String> watched = changePaths;
      if (watched == null || watched.isEmpty()) {
        watched = new ArrayList<>();
        watched.add(rel(basedir, docsDir) + "/**");
        watched.add(rel(basedir, configFile));
        watched.add("pom.xml");
        for (Path f : extraInputs) {
          String r = rel(basedir, f);
          watched.add(Files.isDirectory(basedir.resolve(f)) ? r + "/**" : r);
        }
      }
      return new BuildConfig(
          basedir,
          configFile,
          docsDir,
          extraInputs,
          workDir,
          siteDir,
          stateDir,
          spec,
          gen,
          force,
          changeFilter,
          watched,
          defaultBranch,
          remote,
          changeBase);
    }

    private static String rel(Path base, Path p) {
      Path abs = base.resolve(p).normalize();
      return abs.startsWith(base)
          ? base.relativize(abs).toString().replace('\\', '/')
          : p.toString();
    }
  }
}
