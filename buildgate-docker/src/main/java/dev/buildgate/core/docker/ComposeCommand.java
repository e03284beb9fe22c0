package dev.buildgate.core.docker;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An argv builder for the {@code docker compose} CLI (v2), run through an injected {@link
 * ProcessRunner}. One instance addresses one compose project: {@code docker compose -p <project>
 * [--project-directory <dir>] (-f <file>)*}; every sub-command appends to that prefix. Without
 * files, compose finds the project's containers, networks and volumes by their {@code
 * com.docker.compose.project} label (enough for {@code down}, {@code logs}, {@code ps}).
 */
public final class ComposeCommand {
  /** Compose's rule for project names. */
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  /** The label compose puts on everything of a project. */
  public static final String PROJECT_LABEL = "com.docker.compose.project";

  /** The label compose puts on each container naming its service. */
  public static final String SERVICE_LABEL = "com.docker.compose.service";

  private final String docker;
  private final String project;
  private final Path projectDirectory;
  private final List<Path> files;
  private final Map<String, String> env;
  private final List<String> secrets;

  private ComposeCommand(Builder b) {
    this.docker = b.docker;
    this.project = b.project;
    this.projectDirectory = b.projectDirectory;
    this.files = List.copyOf(b.files);
    this.env = Map.copyOf(b.env);
    this.secrets = List.copyOf(b.secrets);
  }

  /**
   * Starts a builder.
   *
   * @param project the compose project name (lower case letters, digits, {@code -}, {@code _})
   * @return the builder
   * @throws IllegalArgumentException when the name is not a valid compose project name
   */
  public static Builder builder(String project) {
    return new Builder(project);
  }

  /**
   * Turns any text into a valid compose project name (lower case, invalid characters to {@code -},
   * leading non-alphanumerics dropped, at most 63 characters).
   *
   * @param text any text
   * @return a valid project name ({@code buildgate} when nothing is left)
   */
  public static String sanitizeProjectName(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
    s = s.replaceAll("^[^a-z0-9]+", "").replaceAll("-{2,}", "-");
    if (s.length() > 63) {
      s = s.substring(0, 63);
    }
    return s.isEmpty() ? "buildgate" : s;
  }

  /**
   * The project name.
   *
   * @return the project
   */
  public String project() {
    return project;
  }

  /**
   * The common prefix of every command.
   *
   * @return {@code docker compose -p <project> [--project-directory d] (-f file)*}
   */
  public List<String> base() {
    List<String> a = new ArrayList<>();
    a.add(docker);
    a.add("compose");
    a.add("-p");
    a.add(project);
    if (projectDirectory != null) {
      a.add("--project-directory");
      a.add(projectDirectory.toString());
    }
    for (Path f : files) {
      a.add("-f");
      a.add(f.toString());
    }
    return a;
  }

  /**
   * {@code up -d --remove-orphans [--build] [--pull <policy>]}; never {@code --wait} (one-shot init
   * containers that exit would make it fail).
   *
   * @param build add {@code --build}
   * @param pull {@code always}, {@code missing}, {@code never}, or {@code null} for compose's
   *     default
   * @return argv
   */
  public List<String> upArgv(boolean build, String pull) {
    List<String> a = with("up", "-d", "--remove-orphans");
    if (build) {
      a.add("--build");
    }
    if (pull != null && !pull.isBlank()) {
      a.add("--pull");
      a.add(pull);
    }
    return a;
  }

  /**
   * {@code down -v --remove-orphans [-t <seconds>]}.
   *
   * @param stopTimeout how long containers get to stop before they are killed, or {@code null} for
   *     compose's default (10 s)
   * @return argv
   */
  public List<String> downArgv(Duration stopTimeout) {
    List<String> a = with("down", "-v", "--remove-orphans");
    if (stopTimeout != null) {
      a.add("-t");
      a.add(Long.toString(Math.max(0, stopTimeout.toSeconds())));
    }
    return a;
  }

  /**
   * {@code logs --no-color --timestamps [service]}.
   *
   * @param service one service, or {@code null} for the whole stack
   * @return argv
   */
  public List<String> logsArgv(String service) {
    List<String> a = with("logs", "--no-color", "--timestamps");
    if (service != null) {
      a.add(service);
    }
    return a;
  }

  /**
   * {@code ps -a --format json} (every container of the project, also exited one-shot ones).
   *
   * @return argv
   */
  public List<String> psArgv() {
    return with("ps", "-a", "--format", "json");
  }

  /**
   * {@code port [--protocol udp] <service> <port>}: the host address a container port is published
   * on.
   *
   * @param service the service
   * @param port the container port
   * @param protocol {@code tcp} (default when {@code null}) or {@code udp}
   * @return argv
   */
  public List<String> portArgv(String service, int port, String protocol) {
    List<String> a = with("port");
    if (protocol != null && !protocol.equalsIgnoreCase("tcp")) {
      a.add("--protocol");
      a.add(protocol.toLowerCase(Locale.ROOT));
    }
    a.add(service);
    a.add(Integer.toString(port));
    return a;
  }

  /**
   * {@code events --json} (streams until killed: run it with a timeout).
   *
   * @return argv
   */
  public List<String> eventsArgv() {
    return with("events", "--json");
  }

  /**
   * {@code config --quiet}: validates the files.
   *
   * @return argv
   */
  public List<String> configArgv() {
    return with("config", "--quiet");
  }

  /**
   * Runs any argv built by this instance with the compose environment ({@code NO_COLOR}, no ANSI).
   * Every line compose prints (progress, {@code config} output, errors) and the captured output
   * pass through the process runner's masker with this command's {@linkplain Builder#secret
   * secrets}; a {@code stdoutFile} is copied as is (service logs, not compose's own output).
   *
   * @param runner the process runner
   * @param argv argv from one of the {@code *Argv} methods
   * @param sink receives each output line
   * @param timeout the timeout (the process tree is killed after it)
   * @param stdoutFile write stdout to this file instead of capturing it, or {@code null}
   * @return the result; callers interpret the exit code
   * @throws ExecException when docker could not be run or timed out
   */
  public ProcessResult run(
      ProcessRunner runner, List<String> argv, LineSink sink, Duration timeout, Path stdoutFile)
      throws ExecException {
    ProcessSpec.Builder spec =
        ProcessSpec.builder(argv)
            .timeout(timeout)
            .env(env)
            .env("NO_COLOR", "1")
            .env("COMPOSE_ANSI", "never")
            .env("COMPOSE_STATUS_STDOUT", "1")
            .secrets(secrets);
    if (projectDirectory != null) {
      spec.workingDir(projectDirectory);
    }
    if (stdoutFile != null) {
      spec.stdoutFile(stdoutFile).quietStdout(true);
    }
    return runner.run(spec.build(), sink);
  }

  /**
   * Runs {@code up}.
   *
   * @param runner the process runner
   * @param sink receives compose's progress lines
   * @param build add {@code --build}
   * @param pull pull policy or {@code null}
   * @param timeout the timeout
   * @return the result
   * @throws ExecException when docker could not be run or timed out
   */
  public ProcessResult up(
      ProcessRunner runner, LineSink sink, boolean build, String pull, Duration timeout)
      throws ExecException {
    return run(runner, upArgv(build, pull), sink, timeout, null);
  }

  /**
   * Runs {@code down -v --remove-orphans}.
   *
   * @param runner the process runner
   * @param sink receives compose's progress lines
   * @param stopTimeout seconds containers get to stop, or {@code null}
   * @param timeout the timeout of the whole command
   * @return the result
   * @throws ExecException when docker could not be run or timed out
   */
  public ProcessResult down(
      ProcessRunner runner, LineSink sink, Duration stopTimeout, Duration timeout)
      throws ExecException {
    return run(runner, downArgv(stopTimeout), sink, timeout, null);
  }

  private List<String> with(String... args) {
    List<String> a = base();
    a.addAll(List.of(args));
    return a;
  }

  /** Builder. */
  public static final class Builder {
    private final String project;
    private String docker = "docker";
    private Path projectDirectory;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();

    private Builder(String project) {
      Objects.requireNonNull(project, "project");
      if (!PROJECT.matcher(project).matches()) {
        throw new IllegalArgumentException(
            "invalid compose project name '"
                + project
                + "': use lower case letters, digits, '-' and '_' (starting with a letter or"
                + " digit)");
      }
      this.project = project;
    }

    /**
     * The docker executable (default {@code docker} from PATH).
     *
     * @param docker path or name
     * @return this
     */
    public Builder docker(String docker) {
      this.docker = Objects.requireNonNull(docker, "docker");
      return this;
    }

    /**
     * The directory relative paths in the files resolve against (and where {@code .env} is read).
     *
     * @param dir the directory, or {@code null} for compose's default (the first file's folder)
     * @return this
     */
    public Builder projectDirectory(Path dir) {
      this.projectDirectory = dir;
      return this;
    }

    /**
     * Adds a compose file ({@code -f}); later files override earlier ones.
     *
     * @param file the file
     * @return this
     */
    public Builder file(Path file) {
      files.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Adds compose files.
     *
     * @param more the files
     * @return this
     */
    public Builder files(List<Path> more) {
      more.forEach(this::file);
      return this;
    }

    /**
     * Adds an environment variable for compose (e.g. DOCKER_HOST, variables the files interpolate).
     *
     * @param key name
     * @param value value
     * @return this
     */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /**
     * Adds a value masked as {@code ****} in everything compose prints (streamed and captured).
     *
     * @param value the secret value (null or empty is ignored)
     * @return this
     */
    public Builder secret(String value) {
      if (value != null && !value.isEmpty()) {
        secrets.add(value);
      }
      return this;
    }

    /**
     * Adds an environment variable whose value is a secret: compose gets it in its environment (the
     * compose file refers to it as {@code ${key}}, so the value is never written to a file), and it
     * is masked in everything compose prints.
     *
     * @param key name
     * @param value value
     * @return this
     */
    public Builder secretEnv(String key, String value) {
      env.put(key, value);
      return secret(value);
    }

    /**
     * Builds the command.
     *
     * @return the command
     */
    public ComposeCommand build() {
      return new ComposeCommand(this);
    }
  }
}
