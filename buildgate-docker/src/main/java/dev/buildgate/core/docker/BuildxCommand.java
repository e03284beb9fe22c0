package dev.buildgate.core.docker;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An argv builder for {@code docker buildx build}, run through an injected {@link ProcessRunner}.
 * Registry credentials are the docker CLI's own business (its config and credential helpers): this
 * class never writes any.
 *
 * <p>Argument order is fixed so argv can be asserted exactly: {@code docker buildx build
 * --progress=plain [--builder b] -f file [--target t] [--platform p1,p2] [--pull|--pull=false]
 * [--no-cache] (-t tag)* (--build-context n=v)* (--build-arg k=v)* (--label k=v)* (--secret s)*
 * (--cache-from c)* (--cache-to c)* [--metadata-file f] (--load|--push) context}.
 */
public final class BuildxCommand {

  /** Pull policy for base images. */
  public enum Pull {
    /** Always look for a newer base ({@code --pull}). */
    ALWAYS,
    /** Never pull explicitly ({@code --pull=false}): local bases are used as they are. */
    NEVER,
    /** Builder default (no flag). */
    DEFAULT
  }

  /** Where the result goes. */
  public enum Output {
    /** {@code --load}: into the local daemon's image store. */
    LOAD,
    /** {@code --push}: to the registry of each tag. */
    PUSH,
    /** No output flag: the result stays in the build cache. */
    NONE
  }

  private final List<String> argv;
  private final List<String> secretsEnvNames;

  private BuildxCommand(List<String> argv, List<String> secretsEnvNames) {
    this.argv = List.copyOf(argv);
    this.secretsEnvNames = List.copyOf(secretsEnvNames);
  }

  /**
   * Starts a builder.
   *
   * @param context the build context (a directory, or a URL)
   * @return the builder
   */
  public static Builder builder(String context) {
    return new Builder(context);
  }

  /**
   * The full argv.
   *
   * @return argv, starting with the docker executable
   */
  public List<String> argv() {
    return argv;
  }

  /**
   * Runs the build.
   *
   * @param runner the process runner
   * @param sink receives each output line (buildx writes progress to stderr)
   * @param workingDir the working directory (relative paths in argv resolve against it)
   * @param env extra environment (e.g. secret values referenced by {@code --secret id=..,env=..});
   *     their values are masked in logs
   * @param timeout the build timeout
   * @return the result; a non-zero exit code means the build failed
   * @throws ExecException when docker could not be run
   */
  public ProcessResult run(
      ProcessRunner runner,
      LineSink sink,
      Path workingDir,
      Map<String, String> env,
      Duration timeout)
      throws ExecException {
    ProcessSpec.Builder spec =
        ProcessSpec.builder(argv).workingDir(workingDir).env(env).timeout(timeout);
    List<String> secrets = new ArrayList<>();
    for (String name : secretsEnvNames) {
      String v = env.get(name);
      if (v != null && !v.isEmpty()) {
        secrets.add(v);
      }
    }
    spec.secrets(secrets);
    // plain progress, no colours, no interactive TTY handling
    spec.env("BUILDKIT_PROGRESS", "plain").env("NO_COLOR", "1");
    return runner.run(spec.build(), sink);
  }

  /**
   * Checks whether {@code docker buildx} works.
   *
   * @param runner the process runner
   * @param docker the docker executable
   * @return the buildx version line, or {@code null} when buildx is missing
   */
  public static String version(ProcessRunner runner, String docker) {
    return version(runner, docker, Map.of());
  }

  /**
   * Checks whether {@code docker buildx} works, with extra environment (e.g. DOCKER_CONFIG).
   *
   * @param runner the process runner
   * @param docker the docker executable
   * @param env extra environment
   * @return the buildx version line, or {@code null} when buildx is missing
   */
  public static String version(ProcessRunner runner, String docker, Map<String, String> env) {
    try {
      ProcessResult r =
          runner.run(
              ProcessSpec.builder(docker, "buildx", "version")
                  .env(env)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              LineSink.NONE);
      return r.exitCode() == 0 ? r.stdout().trim() : null;
    } catch (ExecException e) {
      return null;
    }
  }

  /**
   * The driver of a buildx builder ({@code docker}, {@code docker-container}, {@code kubernetes},
   * {@code remote}).
   *
   * @param runner the process runner
   * @param docker the docker executable
   * @param builder the builder name, or {@code null} for the current one
   * @return the driver name, or {@code null} when the builder does not exist
   */
  public static String driver(ProcessRunner runner, String docker, String builder) {
    return driver(runner, docker, builder, Map.of());
  }

  /**
   * The driver of a buildx builder, with extra environment (e.g. DOCKER_CONFIG, where buildx keeps
   * its builder instances).
   *
   * @param runner the process runner
   * @param docker the docker executable
   * @param builder the builder name, or {@code null} for the current one
   * @param env extra environment
   * @return the driver name, or {@code null} when the builder does not exist
   */
  public static String driver(
      ProcessRunner runner, String docker, String builder, Map<String, String> env) {
    List<String> cmd = new ArrayList<>(List.of(docker, "buildx", "inspect"));
    if (builder != null && !builder.isBlank()) {
      cmd.add(builder);
    }
    try {
      ProcessResult r =
          runner.run(
              ProcessSpec.builder(cmd).env(env).timeout(Duration.ofSeconds(30)).build(),
              LineSink.NONE);
      if (r.exitCode() != 0) {
        return null;
      }
      for (String line : r.stdout().split("\n")) {
        String t = line.trim();
        if (t.startsWith("Driver:")) {
          return t.substring("Driver:".length()).trim();
        }
      }
      return null;
    } catch (ExecException e) {
      return null;
    }
  }

  /**
   * Cache import/export specs for one image and scope, as the reference pipeline uses them: read
   * the branch scope, then the default-branch scope; write the branch scope only.
   *
   * @param type {@code local} (directories under {@code location}) or {@code registry} (refs {@code
   *     location:scope})
   * @param location the cache root directory (local) or the cache repository (registry)
   * @param branchScope the scope of this build (sanitised branch)
   * @param defaultScope the default branch's scope
   * @return {cache-from specs..., cache-to spec} as {@code from} / {@code to}
   */
  public static CacheSpecs branchCache(
      String type, String location, String branchScope, String defaultScope) {
    List<String> from = new ArrayList<>();
    String to;
    if ("local".equals(type)) {
      Path root = Path.of(location);
      from.add("type=local,src=" + root.resolve(branchScope));
      if (!branchScope.equals(defaultScope)) {
        from.add("type=local,src=" + root.resolve(defaultScope));
      }
      to = "type=local,dest=" + root.resolve(branchScope) + ",mode=max";
    } else if ("registry".equals(type)) {
      from.add("type=registry,ref=" + location + ":" + branchScope);
      if (!branchScope.equals(defaultScope)) {
        from.add("type=registry,ref=" + location + ":" + defaultScope);
      }
      to = "type=registry,ref=" + location + ":" + branchScope + ",mode=max";
    } else {
      throw new IllegalArgumentException("cache type must be local or registry, was: " + type);
    }
    return new CacheSpecs(from, to);
  }

  /**
   * Cache specs.
   *
   * @param from {@code --cache-from} values, in order
   * @param to the {@code --cache-to} value
   */
  public record CacheSpecs(List<String> from, String to) {
    /** Defensive copy. */
    public CacheSpecs {
      from = List.copyOf(from);
    }
  }

  /** Builds a {@link BuildxCommand}. */
  public static final class Builder {
    private final String context;
    private String docker = "docker";
    private String builder;
    private String file;
    private String target;
    private final List<String> platforms = new ArrayList<>();
    private Pull pull = Pull.DEFAULT;
    private boolean noCache;
    private boolean rewriteTimestamp;
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> buildContexts = new LinkedHashMap<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private final List<String> secretEnvNames = new ArrayList<>();
    private final List<String> cacheFrom = new ArrayList<>();
    private final List<String> cacheTo = new ArrayList<>();
    private String metadataFile;
    private Output output = Output.LOAD;

    private Builder(String context) {
      this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * The docker executable (default {@code docker}).
     *
     * @param docker path or name
     * @return this
     */
    public Builder docker(String docker) {
      this.docker = docker;
      return this;
    }

    /**
     * {@code --builder}.
     *
     * @param name a buildx builder, or {@code null} for the current one
     * @return this
     */
    public Builder builder(String name) {
      this.builder = name;
      return this;
    }

    /**
     * {@code -f}.
     *
     * @param dockerfile the Dockerfile
     * @return this
     */
    public Builder file(String dockerfile) {
      this.file = dockerfile;
      return this;
    }

    /**
     * {@code --target}.
     *
     * @param stage the stage, or {@code null}
     * @return this
     */
    public Builder target(String stage) {
      this.target = stage;
      return this;
    }

    /**
     * {@code --platform} (joined with commas).
     *
     * @param list platforms such as {@code linux/amd64}
     * @return this
     */
    public Builder platforms(Collection<String> list) {
      platforms.addAll(list);
      return this;
    }

    /**
     * Pull policy.
     *
     * @param policy the policy
     * @return this
     */
    public Builder pull(Pull policy) {
      this.pull = policy;
      return this;
    }

    /**
     * {@code --no-cache}.
     *
     * @param value whether to ignore the cache
     * @return this
     */
    public Builder noCache(boolean value) {
      this.noCache = value;
      return this;
    }

    /**
     * {@code -t}.
     *
     * @param ref a full reference
     * @return this
     */
    public Builder tag(String ref) {
      tags.add(ref);
      return this;
    }

    /**
     * {@code -t} for each.
     *
     * @param refs full references
     * @return this
     */
    public Builder tags(Collection<String> refs) {
      tags.addAll(refs);
      return this;
    }

    /**
     * {@code --build-context name=value}.
     *
     * @param name the context name used in the Dockerfile ({@code FROM name}, {@code COPY
     *     --from=name})
     * @param value a directory, {@code docker-image://ref}, {@code oci-layout://dir}, a git or
     *     https URL, or {@code target:stage}
     * @return this
     */
    public Builder buildContext(String name, String value) {
      buildContexts.put(name, value);
      return this;
    }

    /**
     * {@code --build-arg k=v}.
     *
     * @param key name
     * @param value value
     * @return this
     */
    public Builder buildArg(String key, String value) {
      buildArgs.put(key, value);
      return this;
    }

    /**
     * {@code --label k=v}.
     *
     * @param key name
     * @param value value
     * @return this
     */
    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /**
     * {@code --secret id=ID,env=VAR}: the value comes from an environment variable of the build
     * process (pass it through {@link BuildxCommand#run}'s env, it is masked).
     *
     * @param id the secret id ({@code RUN --mount=type=secret,id=ID})
     * @param envName the environment variable
     * @return this
     */
    public Builder secretEnv(String id, String envName) {
      secrets.add("id=" + id + ",env=" + envName);
      secretEnvNames.add(envName);
      return this;
    }

    /**
     * {@code --secret id=ID,src=FILE}.
     *
     * @param id the secret id
     * @param file the file holding the value
     * @return this
     */
    public Builder secretFile(String id, String file) {
      secrets.add("id=" + id + ",src=" + file);
      return this;
    }

    /**
     * {@code --cache-from}.
     *
     * @param spec e.g. {@code type=local,src=dir} or {@code type=registry,ref=r}
     * @return this
     */
    public Builder cacheFrom(String spec) {
      cacheFrom.add(spec);
      return this;
    }

    /**
     * {@code --cache-to}.
     *
     * @param spec e.g. {@code type=local,dest=dir,mode=max}
     * @return this
     */
    public Builder cacheTo(String spec) {
      cacheTo.add(spec);
      return this;
    }

    /**
     * Adds the branch-scoped cache: from the branch scope, then the default-branch scope; to the
     * branch scope.
     *
     * @param specs from {@link BuildxCommand#branchCache}
     * @return this
     */
    public Builder cache(CacheSpecs specs) {
      cacheFrom.addAll(specs.from());
      cacheTo.add(specs.to());
      return this;
    }

    /**
     * {@code --metadata-file} (JSON with {@code containerimage.digest} and friends).
     *
     * @param path the file
     * @return this
     */
    public Builder metadataFile(String path) {
      this.metadataFile = path;
      return this;
    }

    /**
     * Rewrites the timestamps of the output's layers to {@code SOURCE_DATE_EPOCH} (BuildKit 0.13's
     * {@code rewrite-timestamp} exporter option; the docker driver's own exporter ignores it): the
     * output becomes an explicit {@code --output type=docker|image,...} instead of {@code --load}
     * or {@code --push}.
     *
     * @param value whether to rewrite
     * @return this
     */
    public Builder rewriteTimestamp(boolean value) {
      this.rewriteTimestamp = value;
      return this;
    }

    /**
     * {@code --load}, {@code --push} or neither.
     *
     * @param o the output
     * @return this
     */
    public Builder output(Output o) {
      this.output = o;
      return this;
    }

    /**
     * Builds the command.
     *
     * @return the command
     */
    public BuildxCommand build() {
      List<String> a = new ArrayList<>(List.of(docker, "buildx", "build", "--progress=plain"));
      if (builder != null && !builder.isBlank()) {
        a.add("--builder");
        a.add(builder);
      }
      if (file != null) {
        a.add("-f");
        a.add(file);
      }
      if (target != null && !target.isBlank()) {
        a.add("--target");
        a.add(target);
      }
      if (!platforms.isEmpty()) {
        a.add("--platform");
        a.add(String.join(",", platforms));
      }
      if (pull == Pull.ALWAYS) {
        a.add("--pull");
      } else if (pull == Pull.NEVER) {
        a.add("--pull=false");
      }
      if (noCache) {
        a.add("--no-cache");
      }
      for (String t : tags) {
        a.add("-t");
        a.add(t);
      }
      buildContexts.forEach((k, v) -> add(a, "--build-context", k + "=" + v));
      buildArgs.forEach((k, v) -> add(a, "--build-arg", k + "=" + v));
      labels.forEach((k, v) -> add(a, "--label", k + "=" + v));
      secrets.forEach(s -> add(a, "--secret", s));
      cacheFrom.forEach(s -> add(a, "--cache-from", s));
      cacheTo.forEach(s -> add(a, "--cache-to", s));
      if (metadataFile != null) {
        add(a, "--metadata-file", metadataFile);
      }
      if (output == Output.LOAD) {
        if (rewriteTimestamp) {
          add(a, "--output", "type=docker,rewrite-timestamp=true");
        } else {
          a.add("--load");
        }
      } else if (output == Output.PUSH) {
        if (rewriteTimestamp) {
          add(a, "--output", "type=image,push=true,rewrite-timestamp=true");
        } else {
          a.add("--push");
        }
      }
      a.add(context);
      return new BuildxCommand(a, secretEnvNames);
    }

    private static void add(List<String> a, String flag, String value) {
      a.add(flag);
      a.add(value);
    }
  }
}
