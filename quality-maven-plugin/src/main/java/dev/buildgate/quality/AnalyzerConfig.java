package dev.buildgate.quality;

import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.finding.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Immutable configuration of one analyzer run. Built by the mojos from the plugin configuration;
 * every path is absolute.
 *
 * @param id the analyzer's name in reports and findings ({@code ruff}, {@code semgrep})
 * @param kind which parser and exit-code rules apply
 * @param goal the goal besides {@code check} that runs it ({@code lint}, {@code typecheck}, {@code
 *     sast}, or {@code check} for check only)
 * @param repoRoot the project base directory; finding paths are relative to it
 * @param workingDir the directory the tool runs in (e.g. {@code backend})
 * @param executable the executable name ({@code ruff}); for SARIF tools the command's first word
 * @param path an explicitly configured executable, or null
 * @param version the pinned version, or null (any version)
 * @param packageSpec the uv package spec for {@code uvx} (default {@code <executable>==<version>})
 * @param runner how to find the tool
 * @param image the container image for {@link ToolRunner#IMAGE}, or null
 * @param args extra arguments (before the targets); for SARIF tools the whole argument list
 * @param configFile the tool's config file, or null for the tool's own discovery
 * @param includes the paths to analyze, relative to the working directory (default {@code .})
 * @param excludes globs (relative to the working directory) whose findings are dropped; also passed
 *     to the tool
 * @param env environment variables for the tool
 * @param secrets values masked in logs and messages
 * @param threshold findings at or above this severity gate
 * @param minConfidence Bandit: findings below this confidence do not gate
 * @param strict mypy {@code --strict} (null: leave it to the config file)
 * @param outputFormat mypy: {@code auto}, {@code json} or {@code text}
 * @param timeout the tool's time limit
 * @param maxFindings ratchet: fail when more findings at or above the threshold exist (baselined or
 *     not); negative = no limit
 * @param sarifFile SARIF tools: the report file the command writes (relative to the working
 *     directory), or null when it writes SARIF to stdout
 * @param okExitCodes SARIF tools: exit codes meaning "ran" (others = could not run)
 * @param versionArgs arguments that print the version (empty: version unknown)
 * @param inputIncludes globs (relative to the working directory) of the files whose content decides
 *     whether a passing run is still up to date
 * @param inputExcludes globs excluded from the inputs
 */
public record AnalyzerConfig(
    String id,
    AnalyzerKind kind,
    String goal,
    Path repoRoot,
    Path workingDir,
    String executable,
    Path path,
    String version,
    String packageSpec,
    ToolRunner runner,
    String image,
    List<String> args,
    Path configFile,
    List<String> includes,
    List<String> excludes,
    Map<String, String> env,
    Set<String> secrets,
    Severity threshold,
    Severity minConfidence,
    Boolean strict,
    String outputFormat,
    Duration timeout,
    int maxFindings,
    String sarifFile,
    Set<Integer> okExitCodes,
    List<String> versionArgs,
    List<String> inputIncludes,
    List<String> inputExcludes) {

  /** Files that make up a Python project's inputs by default. */
  public static final List<String> DEFAULT_INPUT_INCLUDES =
      List.of(
          "**/*.py",
          "**/*.pyi",
          "**/pyproject.toml",
          "**/setup.cfg",
          "**/mypy.ini",
          "**/.mypy.ini",
          "**/ruff.toml",
          "**/.ruff.toml",
          "**/.bandit",
          "**/uv.lock",
          "**/*.sarif.yml");

  /**
   * Directories Ruff, mypy and Bandit never analyze, on top of the configured excludes: virtual
   * environments (a {@code uv sync} creates {@code .venv} inside the project), tool caches and
   * dependency folders.
   */
  public static final List<String> DEFAULT_TOOL_EXCLUDES =
      List.of(".venv/", "venv/", ".tox/", "node_modules/", "__pypackages__/");

  /** Directories that are never inputs (caches, virtual environments, build output). */
  public static final List<String> DEFAULT_INPUT_EXCLUDES =
      List.of(
          "**/.venv/**",
          "**/venv/**",
          "**/.git/**",
          "**/__pycache__/**",
          "**/.mypy_cache/**",
          "**/.ruff_cache/**",
          "**/.pytest_cache/**",
          "**/node_modules/**",
          "target/**",
          "**/.tox/**");

  public AnalyzerConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(repoRoot, "repoRoot");
    Objects.requireNonNull(workingDir, "workingDir");
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(threshold, "threshold");
    goal = goal == null ? kind.goal() : goal;
    runner = runner == null ? ToolRunner.AUTO : runner;
    args = List.copyOf(args == null ? List.of() : args);
    includes = List.copyOf(includes == null || includes.isEmpty() ? List.of(".") : includes);
    List<String> ex = new ArrayList<>(excludes == null ? List.of() : excludes);
    if (kind != AnalyzerKind.SARIF) {
      for (String d : DEFAULT_TOOL_EXCLUDES) {
        if (!ex.contains(d)) {
          ex.add(d);
        }
      }
    }
    excludes = List.copyOf(ex);
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    secrets = Set.copyOf(secrets == null ? Set.of() : secrets);
    minConfidence = minConfidence == null ? Severity.LOW : minConfidence;
    outputFormat = outputFormat == null ? "auto" : outputFormat;
    timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    okExitCodes =
        Set.copyOf(okExitCodes == null || okExitCodes.isEmpty() ? Set.of(0, 1) : okExitCodes);
    versionArgs = List.copyOf(versionArgs == null ? List.of() : versionArgs);
    inputIncludes =
        List.copyOf(
            inputIncludes == null || inputIncludes.isEmpty()
                // a generic tool may read any file (a Dockerfile, YAML, ...): all files count
                ? (kind == AnalyzerKind.SARIF ? List.of("**") : DEFAULT_INPUT_INCLUDES)
                : inputIncludes);
    inputExcludes = List.copyOf(inputExcludes == null ? DEFAULT_INPUT_EXCLUDES : inputExcludes);
  }

  /** The key under which a passing run is recorded in the up-to-date store. */
  public String stateKey() {
    return "quality-" + id;
  }

  /**
   * The configuration as values for the up-to-date fingerprint: everything that changes the result
   * except the environment, whose values may be secrets and go in as keyed digests ({@link
   * dev.buildgate.core.state.Fingerprint.Builder#secrets}).
   */
  public Map<String, Object> fingerprintValues() {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", id);
    m.put("kind", kind.name());
    m.put("workingDir", repoRoot.relativize(workingDir).toString());
    m.put("executable", executable);
    m.put("path", path == null ? null : path.toString());
    m.put("version", version);
    m.put("packageSpec", packageSpec);
    m.put("runner", runner.name());
    m.put("image", image);
    m.put("args", args);
    m.put("configFile", configFile == null ? null : configFile.toString());
    m.put("includes", includes);
    m.put("excludes", excludes);
    m.put("threshold", threshold.name());
    m.put("minConfidence", minConfidence.name());
    m.put("strict", strict);
    m.put("outputFormat", outputFormat);
    m.put("maxFindings", maxFindings);
    m.put("sarifFile", sarifFile);
    m.put("okExitCodes", new java.util.TreeSet<>(okExitCodes));
    m.put("versionArgs", versionArgs);
    return m;
  }

  /** Starts a builder with the defaults of {@code kind}. */
  public static Builder builder(AnalyzerKind kind, Path repoRoot) {
    return new Builder(kind, repoRoot);
  }

  /** Builder; unset values take the kind's defaults. */
  public static final class Builder {
    private final AnalyzerKind kind;
    private final Path repoRoot;
    private String id;
    private String goal;
    private Path workingDir;
    private String executable;
    private Path path;
    private String version;
    private String packageSpec;
    private ToolRunner runner = ToolRunner.AUTO;
    private String image;
    private final List<String> args = new ArrayList<>();
    private Path configFile;
    private final List<String> includes = new ArrayList<>();
    private final List<String> excludes = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private Severity threshold;
    private Severity minConfidence;
    private Boolean strict;
    private String outputFormat;
    private Duration timeout;
    private int maxFindings = -1;
    private String sarifFile;
    private final Set<Integer> okExitCodes = new LinkedHashSet<>();
    private List<String> versionArgs;
    private List<String> inputIncludes;
    private List<String> inputExcludes;

    private Builder(AnalyzerKind kind, Path repoRoot) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.repoRoot = repoRoot.toAbsolutePath().normalize();
    }

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder goal(String v) {
      goal = v;
      return this;
    }

    /** Relative paths are relative to the repository root. */
    public Builder workingDir(Path v) {
      workingDir = v;
      return this;
    }

    public Builder executable(String v) {
      executable = v;
      return this;
    }

    public Builder path(Path v) {
      path = v;
      return this;
    }

    public Builder version(String v) {
      version = v;
      return this;
    }

    public Builder packageSpec(String v) {
      packageSpec = v;
      return this;
    }

    public Builder runner(ToolRunner v) {
      runner = v;
      return this;
    }

    public Builder image(String v) {
      image = v;
      return this;
    }

    public Builder args(List<String> v) {
      if (v != null) {
        args.addAll(v);
      }
      return this;
    }

    /** Relative paths are relative to the working directory. */
    public Builder configFile(Path v) {
      configFile = v;
      return this;
    }

    public Builder includes(List<String> v) {
      if (v != null) {
        includes.addAll(v);
      }
      return this;
    }

    public Builder excludes(List<String> v) {
      if (v != null) {
        excludes.addAll(v);
      }
      return this;
    }

    public Builder env(String k, String v) {
      env.put(k, v);
      return this;
    }

    public Builder env(Map<String, String> v) {
      if (v != null) {
        env.putAll(v);
      }
      return this;
    }

    public Builder secret(String v) {
      if (v != null && !v.isEmpty()) {
        secrets.add(v);
      }
      return this;
    }

    public Builder threshold(Severity v) {
      threshold = v;
      return this;
    }

    public Builder minConfidence(Severity v) {
      minConfidence = v;
      return this;
    }

    public Builder strict(Boolean v) {
      strict = v;
      return this;
    }

    public Builder outputFormat(String v) {
      outputFormat = v;
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder maxFindings(int v) {
      maxFindings = v;
      return this;
    }

    public Builder sarifFile(String v) {
      sarifFile = v;
      return this;
    }

    public Builder okExitCodes(Set<Integer> v) {
      if (v != null) {
        okExitCodes.addAll(v);
      }
      return this;
    }

    public Builder versionArgs(List<String> v) {
      versionArgs = v;
      return this;
    }

    public Builder inputIncludes(List<String> v) {
      inputIncludes = v;
      return this;
    }

    public Builder inputExcludes(List<String> v) {
      inputExcludes = v;
      return this;
    }

    public AnalyzerConfig build() {
      String theId = id != null && !id.isBlank() ? id.trim() : kind.defaultId();
      if (theId == null) {
        throw new IllegalArgumentException("a SARIF tool needs an <id>");
      }
      String exe =
          executable != null && !executable.isBlank()
              ? executable.trim()
              : (kind.defaultId() != null ? kind.defaultId() : theId);
      Path wd = workingDir == null ? repoRoot : repoRoot.resolve(workingDir).normalize();
      Path cfg = configFile == null ? null : wd.resolve(configFile).normalize();
      List<String> va =
          versionArgs != null
              ? versionArgs
              : (kind == AnalyzerKind.SARIF ? List.of() : List.of("--version"));
      return new AnalyzerConfig(
          theId,
          kind,
          goal,
          repoRoot,
          wd,
          exe,
          path,
          version,
          packageSpec,
          runner,
          image,
          args,
          cfg,
          includes,
          excludes,
          env,
          secrets,
          threshold != null ? threshold : kind.defaultThreshold(),
          minConfidence,
          strict,
          outputFormat,
          timeout,
          maxFindings,
          sarifFile,
          okExitCodes,
          va,
          inputIncludes,
          inputExcludes);
    }
  }
}
