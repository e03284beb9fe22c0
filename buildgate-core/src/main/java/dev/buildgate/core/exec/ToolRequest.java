package dev.buildgate.core.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What is needed to run a tool.
 *
 * @param name the tool's name, used in messages (for example {@code ruff})
 * @param executable the executable to look for (defaults to the name)
 * @param configuredPath an explicitly configured executable, or {@code null}
 * @param version the pinned version, or {@code null}
 * @param uvPackageSpec the uv package spec (for example {@code ruff==0.17.6}), or {@code null} to
 *     derive {@code name==version} from the version
 * @param runner how to run the tool
 * @param projectDir the project directory ({@code uv run} runs inside it, the image mounts it), or
 *     {@code null} for the current directory
 * @param image the container image whose entrypoint is the tool, or {@code null}
 */
public record ToolRequest(
    String name,
    String executable,
    Path configuredPath,
    String version,
    String uvPackageSpec,
    ToolRunner runner,
    Path projectDir,
    String image) {

  /** Validates the components and applies defaults. */
  public ToolRequest {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("tool name must not be blank");
    }
    executable = blankToNull(executable) == null ? name : executable;
    version = blankToNull(version);
    uvPackageSpec = blankToNull(uvPackageSpec);
    runner = runner == null ? ToolRunner.AUTO : runner;
    image = blankToNull(image);
  }

  /**
   * Starts a builder.
   *
   * @param name the tool's name (also the default executable)
   * @return a new builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the package spec {@code uvx} runs: the configured spec, else {@code name==version},
   * else {@code null} (an unpinned tool is not run through uvx).
   *
   * @return the pinned spec, or {@code null}
   */
  public String effectiveUvSpec() {
    if (uvPackageSpec != null) {
      return uvPackageSpec;
    }
    return version == null ? null : name + "==" + version;
  }

  /**
   * Returns the project directory, defaulting to the current directory.
   *
   * @return the absolute project directory
   */
  public Path effectiveProjectDir() {
    return (projectDir == null ? Path.of("") : projectDir).toAbsolutePath().normalize();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Builds a {@link ToolRequest}. */
  public static final class Builder {
    private final String name;
    private String executable;
    private Path configuredPath;
    private String version;
    private String uvPackageSpec;
    private ToolRunner runner = ToolRunner.AUTO;
    private Path projectDir;
    private String image;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets the executable to look for (default: the name).
     *
     * @param executable the executable name
     * @return this builder
     */
    public Builder executable(String executable) {
      this.executable = executable;
      return this;
    }

    /**
     * Sets an explicitly configured executable; it wins over every other way.
     *
     * @param path the executable, or {@code null}
     * @return this builder
     */
    public Builder configuredPath(Path path) {
      this.configuredPath = path;
      return this;
    }

    /**
     * Sets the pinned version.
     *
     * @param version the version, or {@code null}
     * @return this builder
     */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /**
     * Sets the uv package spec (for example {@code ruff==0.17.6}).
     *
     * @param spec the spec, or {@code null} to derive it from name and version
     * @return this builder
     */
    public Builder uvPackageSpec(String spec) {
      this.uvPackageSpec = spec;
      return this;
    }

    /**
     * Sets how to run the tool (default {@link ToolRunner#AUTO}).
     *
     * @param runner the runner
     * @return this builder
     */
    public Builder runner(ToolRunner runner) {
      this.runner = runner;
      return this;
    }

    /**
     * Sets the project directory.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder projectDir(Path dir) {
      this.projectDir = dir;
      return this;
    }

    /**
     * Sets the container image whose entrypoint is the tool.
     *
     * @param image the image reference, or {@code null}
     * @return this builder
     */
    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public ToolRequest build() {
      return new ToolRequest(
          name, executable, configuredPath, version, uvPackageSpec, runner, projectDir, image);
    }
  }
}
