package dev.buildgate.core.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds how to run a tool.
 *
 * <p>A configured path always wins (and must exist). Otherwise the request's {@link ToolRunner}
 * decides: {@code PATH}; {@code uv run} inside the project's uv project; {@code uvx <spec>} (or
 * {@code uv tool run}); {@code docker run --rm --init --label dev.buildgate.tool=<name> -v
 * <projectDir>:/src -w /src <image>} (the image's entrypoint must be the tool; {@code --init} lets
 * a timeout's termination request reach the tool, so the container goes away with the {@code
 * docker} client; a tool that ignores it is killed with the client but its container keeps running
 * until it exits, findable by its label). {@link ToolRunner#AUTO} tries, in order, {@code PATH},
 * {@code uvx} at the pinned version (only when uv is on {@code PATH} and a version or spec is
 * pinned) and the image (only when one is configured and docker is on {@code PATH}). When nothing
 * works, the {@link ToolNotFoundException} says in one message how to install or configure the
 * tool.
 *
 * <p>Resolution only looks at the file system; nothing is run. {@link #version(ResolvedTool, List)}
 * runs the tool to read its version.
 */
public final class ToolResolver {

  /** How long reading a tool's version may take (uvx may have to unpack a cached tool). */
  public static final Duration VERSION_TIMEOUT = Duration.ofMinutes(2);

  /**
   * The label on every container the {@link ToolRunner#IMAGE} runner starts (value: the tool's
   * name), so leftovers can be found and removed.
   */
  public static final String IMAGE_LABEL = "dev.buildgate.tool";

  private static final Pattern VERSION = Pattern.compile("(?<![\\d.])(\\d+\\.\\d+\\.\\d+)");
  private static final Pattern SPEC_NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");

  private final ProcessRunner runner;
  private final Map<String, String> env;
  private final boolean neverPull;

  /**
   * Creates a resolver.
   *
   * @param runner runs tools for {@link #version(ResolvedTool, List)}
   * @param env the environment whose {@code PATH} is searched
   */
  public ToolResolver(ProcessRunner runner, Map<String, String> env) {
    this(runner, env, false);
  }

  /**
   * Creates a resolver.
   *
   * @param runner runs tools for {@link #version(ResolvedTool, List)}
   * @param env the environment whose {@code PATH} is searched
   * @param neverPull the image runner never pulls ({@code docker run --pull never}), e.g. when
   *     Maven is offline: a missing image fails instead
   */
  public ToolResolver(ProcessRunner runner, Map<String, String> env, boolean neverPull) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.neverPull = neverPull;
  }

  /**
   * Resolves how to run a tool.
   *
   * @param req the request
   * @return the resolved tool
   * @throws ToolNotFoundException with one message saying how to install or configure the tool
   */
  public ResolvedTool resolve(ToolRequest req) throws ToolNotFoundException {
    Objects.requireNonNull(req, "req");
    if (req.configuredPath() != null) {
      return configured(req);
    }
    switch (req.runner()) {
      case PATH:
        return onPath(req)
            .orElseThrow(
                () ->
                    notFound(
                        req,
                        req.name()
                            + " not found: put "
                            + req.executable()
                            + " on PATH or set <path> in the plugin configuration ("
                            + searched()
                            + ")"));
      case UV:
        return uvRun(req);
      case UVX:
        return uvx(req, true)
            .orElseThrow(
                () ->
                    notFound(
                        req,
                        req.name()
                            + " cannot run with uvx: install uv (https://docs.astral.sh/uv/) and"
                            + " put uvx on PATH, or choose another runner ("
                            + searched()
                            + ")"));
      case IMAGE:
        return image(req);
      case AUTO:
      default:
        return auto(req);
    }
  }

  /**
   * Runs a resolved tool with the given arguments and returns the first {@code x.y.z} version in
   * its output (stdout first, then stderr).
   *
   * @param tool the tool
   * @param versionArgs the arguments that print the version, for example {@code [--version]}
   * @return the version, for example {@code 0.17.6}
   * @throws ExecException if the tool cannot run or prints no version
   */
  public String version(ResolvedTool tool, List<String> versionArgs) throws ExecException {
    ProcessSpec spec =
        ProcessSpec.builder(tool.argv(versionArgs))
            .timeout(VERSION_TIMEOUT)
            .maxCaptureBytes(64 * 1024)
            .build();
    ProcessResult r = runner.run(spec, LineSink.NONE);
    Optional<String> v = parseVersion(r.stdout());
    if (v.isEmpty()) {
      v = parseVersion(r.stderr());
    }
    if (v.isPresent()) {
      return v.get();
    }
    String tail = r.outputTail(3).replace('\n', ' ').trim();
    throw new ExecException(
        "Could not read the version of "
            + tool.name()
            + ": '"
            + spec.displayCommand()
            + "' exited with "
            + r.exitCode()
            + " and printed no x.y.z version"
            + (tail.isEmpty() ? "" : " (output: " + tail + ")"));
  }

  /**
   * Reads a tool's version and checks it against the pinned one.
   *
   * @param tool the tool
   * @param versionArgs the arguments that print the version
   * @param expected the pinned version, or {@code null}/blank to accept any version
   * @return the version found
   * @throws ExecException if the version cannot be read or differs from the pinned one (the message
   *     says which tool was found where, and how to fix it)
   */
  public String requireVersion(ResolvedTool tool, List<String> versionArgs, String expected)
      throws ExecException {
    String found = version(tool, versionArgs);
    if (PinnedVersion.accepts(expected, found)) {
      return found;
    }
    String fix =
        tool.via() == ToolRunner.PATH
            ? "install "
                + tool.name()
                + " "
                + expected.trim()
                + ", point <path> at it, or change the pinned <version>"
            : "change the pinned <version> or the runner's package/image";
    throw new ExecException(
        tool.name()
            + " "
            + found
            + " found ("
            + tool.description()
            + ") but "
            + expected.trim()
            + " is pinned: "
            + fix);
  }

  /**
   * Returns the first {@code x.y.z} version in a text.
   *
   * @param text the text, for example {@code ruff 0.17.6}
   * @return the version, or empty
   */
  public static Optional<String> parseVersion(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private ResolvedTool configured(ToolRequest req) throws ToolNotFoundException {
    Path p = req.configuredPath();
    if (!p.isAbsolute()) {
      p = req.effectiveProjectDir().resolve(p).normalize();
    }
    if (Executables.isExecutableFile(p)) {
      return new ResolvedTool(
          req.name(),
          List.of(p.toString()),
          ToolRunner.PATH,
          req.name() + " at " + p + " (configured)");
    }
    String why = Files.exists(p) ? "is not an executable file" : "does not exist";
    throw notFound(
        req,
        req.name()
            + ": the configured path "
            + p
            + " "
            + why
            + ": fix <path> in the plugin configuration, or remove it to use "
            + req.executable()
            + " from PATH");
  }

  private Optional<ResolvedTool> onPath(ToolRequest req) {
    return Executables.find(req.executable(), env)
        .map(
            p ->
                new ResolvedTool(
                    req.name(),
                    List.of(p.toString()),
                    ToolRunner.PATH,
                    req.name() + " from PATH (" + p + ")"));
  }

  private ResolvedTool uvRun(ToolRequest req) throws ToolNotFoundException {
    Path uv =
        Executables.find("uv", env)
            .orElseThrow(
                () ->
                    notFound(
                        req,
                        req.name()
                            + " cannot run with 'uv run': install uv (https://docs.astral.sh/uv/)"
                            + " and put it on PATH, or choose another runner ("
                            + searched()
                            + ")"));
    Path dir = req.effectiveProjectDir();
    if (!Files.isRegularFile(dir.resolve("pyproject.toml"))) {
      throw notFound(
          req,
          req.name()
              + " cannot run with 'uv run': "
              + dir
              + " has no pyproject.toml; add "
              + req.name()
              + " to the uv project's dependencies there, or choose another runner");
    }
    return new ResolvedTool(
        req.name(),
        List.of(uv.toString(), "run", "--project", dir.toString(), req.executable()),
        ToolRunner.UV,
        req.name() + " via 'uv run' in " + dir);
  }

  private Optional<ResolvedTool> uvx(ToolRequest req, boolean allowUnpinned) {
    String spec = req.effectiveUvSpec();
    if (spec == null) {
      if (!allowUnpinned) {
        return Optional.empty();
      }
      spec = req.executable();
    }
    List<String> tail = new ArrayList<>();
    if (req.executable().equals(packageName(spec))) {
      tail.add(spec);
    } else {
      tail.add("--from");
      tail.add(spec);
      tail.add(req.executable());
    }
    Optional<Path> uvx = Executables.find("uvx", env);
    List<String> cmd = new ArrayList<>();
    if (uvx.isPresent()) {
      cmd.add(uvx.get().toString());
    } else {
      Optional<Path> uv = Executables.find("uv", env);
      if (uv.isEmpty()) {
        return Optional.empty();
      }
      cmd.add(uv.get().toString());
      cmd.add("tool");
      cmd.add("run");
    }
    cmd.addAll(tail);
    return Optional.of(
        new ResolvedTool(
            req.name(),
            cmd,
            ToolRunner.UVX,
            req.name() + " via uvx (" + String.join(" ", tail) + ")"));
  }

  private Optional<ResolvedTool> imageTool(ToolRequest req) {
    if (req.image() == null) {
      return Optional.empty();
    }
    return Executables.find("docker", env)
        .map(
            docker -> {
              Path dir = req.effectiveProjectDir();
              List<String> argv = new ArrayList<>(List.of(docker.toString(), "run"));
              if (neverPull) {
                argv.addAll(List.of("--pull", "never"));
              }
              argv.addAll(
                  List.of(
                      "--rm",
                      "--init",
                      "--label",
                      IMAGE_LABEL + "=" + req.name(),
                      "-v",
                      dir + ":/src",
                      "-w",
                      "/src",
                      req.image()));
              return new ResolvedTool(
                  req.name(), argv, ToolRunner.IMAGE, req.name() + " in image " + req.image());
            });
  }

  private ResolvedTool image(ToolRequest req) throws ToolNotFoundException {
    if (req.image() == null) {
      throw notFound(
          req,
          req.name()
              + " cannot run in a container: no image is configured; set <image> in the plugin"
              + " configuration or choose another runner");
    }
    return imageTool(req)
        .orElseThrow(
            () ->
                notFound(
                    req,
                    req.name()
                        + " cannot run in image "
                        + req.image()
                        + ": docker is not on PATH; install Docker or choose another runner ("
                        + searched()
                        + ")"));
  }

  private ResolvedTool auto(ToolRequest req) throws ToolNotFoundException {
    Optional<ResolvedTool> t = onPath(req);
    if (t.isEmpty()) {
      t = uvx(req, false);
    }
    if (t.isEmpty()) {
      t = imageTool(req);
    }
    if (t.isPresent()) {
      return t.get();
    }
    List<String> ways = new ArrayList<>();
    ways.add("put " + req.executable() + " on PATH");
    ways.add("set <path> in the plugin configuration");
    String spec = req.effectiveUvSpec();
    if (spec != null) {
      ways.add("install uv so Buildgate can run 'uvx " + uvxArgs(req, spec) + "'");
    } else {
      ways.add("pin a <version> and install uv so Buildgate can run it with uvx");
    }
    if (req.image() != null) {
      ways.add("install Docker so Buildgate can run it in image " + req.image());
    }
    StringBuilder msg = new StringBuilder(req.name()).append(" not found: ");
    for (int i = 0; i < ways.size(); i++) {
      if (i > 0) {
        msg.append(i == ways.size() - 1 ? ", or " : ", ");
      }
      msg.append(ways.get(i));
    }
    msg.append(" (").append(searched()).append(')');
    throw notFound(req, msg.toString());
  }

  private static String uvxArgs(ToolRequest req, String spec) {
    return req.executable().equals(packageName(spec))
        ? spec
        : "--from " + spec + " " + req.executable();
  }

  private static String packageName(String spec) {
    Matcher m = SPEC_NAME.matcher(spec);
    return m.find() ? m.group(1) : spec;
  }

  private String searched() {
    String path = Executables.pathOf(env);
    return path.isEmpty() ? "PATH is empty" : "PATH searched: " + path;
  }

  private static ToolNotFoundException notFound(ToolRequest req, String message) {
    return new ToolNotFoundException(req.name(), message);
  }
}
