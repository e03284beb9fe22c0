package dev.buildgate.core.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable description of one process to run: an argv list (never a shell string), working
 * directory, environment changes, timeout, secrets to mask, capture bound, optional stdout file and
 * stdin. Create one with {@link #builder(List)}.
 */
public final class ProcessSpec {

  /** The default timeout: 10 minutes. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** The default capture bound per stream: 4 MiB. */
  public static final long DEFAULT_MAX_CAPTURE_BYTES = 4L * 1024 * 1024;

  private final List<String> argv;
  private final Path workingDir;
  private final Map<String, String> env;
  private final Set<String> removedEnv;
  private final Duration timeout;
  private final List<String> secrets;
  private final long maxCaptureBytes;
  private final Path stdoutFile;
  private final boolean quietStdout;
  private final String stdin;

  private ProcessSpec(Builder b) {
    this.argv = List.copyOf(b.argv);
    this.workingDir = b.workingDir;
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
    this.removedEnv = Collections.unmodifiableSet(new LinkedHashSet<>(b.removedEnv));
    this.timeout = b.timeout;
    this.secrets = List.copyOf(b.secrets);
    this.maxCaptureBytes = b.maxCaptureBytes;
    this.stdoutFile = b.stdoutFile;
    this.quietStdout = b.quietStdout;
    this.stdin = b.stdin;
  }

  /**
   * Starts a builder for the given argv.
   *
   * @param argv the executable followed by its arguments; must not be empty or contain nulls
   * @return a new builder
   */
  public static Builder builder(List<String> argv) {
    return new Builder(argv);
  }

  /**
   * Starts a builder for the given argv.
   *
   * @param argv the executable followed by its arguments; must not be empty or contain nulls
   * @return a new builder
   */
  public static Builder builder(String... argv) {
    return new Builder(Arrays.asList(argv));
  }

  /**
   * Returns a builder initialised with this spec's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(argv);
    b.workingDir = workingDir;
    b.env.putAll(env);
    b.removedEnv.addAll(removedEnv);
    b.timeout = timeout;
    b.secrets.addAll(secrets);
    b.maxCaptureBytes = maxCaptureBytes;
    b.stdoutFile = stdoutFile;
    b.quietStdout = quietStdout;
    b.stdin = stdin;
    return b;
  }

  /**
   * Returns the argv.
   *
   * @return the executable followed by its arguments (unmodifiable)
   */
  public List<String> argv() {
    return argv;
  }

  /**
   * Returns the working directory.
   *
   * @return the working directory, or {@code null} for the current directory
   */
  public Path workingDir() {
    return workingDir;
  }

  /**
   * Returns the variables added to (or overriding) the inherited environment.
   *
   * @return the added variables (unmodifiable, in insertion order)
   */
  public Map<String, String> env() {
    return env;
  }

  /**
   * Returns the variables removed from the inherited environment.
   *
   * @return the removed variable names (unmodifiable)
   */
  public Set<String> removedEnv() {
    return removedEnv;
  }

  /**
   * Returns the timeout after which the whole process tree is killed.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the secrets masked as {@code ****} in everything streamed and captured.
   *
   * @return the secrets (unmodifiable)
   */
  public List<String> secrets() {
    return secrets;
  }

  /**
   * Returns the capture bound per stream; beyond it only the tail is kept.
   *
   * @return the bound in bytes
   */
  public long maxCaptureBytes() {
    return maxCaptureBytes;
  }

  /**
   * Returns the file stdout is written to instead of being captured.
   *
   * @return the stdout file, or {@code null} when stdout is captured
   */
  public Path stdoutFile() {
    return stdoutFile;
  }

  /**
   * Returns whether stdout lines are kept from the sink.
   *
   * @return {@code true} if stdout lines are not sent to the sink
   */
  public boolean quietStdout() {
    return quietStdout;
  }

  /**
   * Returns the text written to the process' stdin.
   *
   * @return the stdin text (UTF-8), or {@code null} for an empty stdin
   */
  public String stdin() {
    return stdin;
  }

  /**
   * Returns the argv with secrets masked, for messages and logs.
   *
   * @return the masked argv
   */
  public List<String> maskedArgv() {
    Masker masker = new Masker(secrets);
    List<String> out = new ArrayList<>(argv.size());
    for (String a : argv) {
      out.add(masker.mask(a));
    }
    return List.copyOf(out);
  }

  /** The longest argument {@link #displayCommand()} shows in full. */
  static final int MAX_DISPLAY_ARG = 160;

  /**
   * Returns the command line for display, on one line: the masked argv joined by spaces, arguments
   * with whitespace or quotes shown in single quotes, line breaks as {@code \n}, an argument longer
   * than {@value #MAX_DISPLAY_ARG} characters cut (an inline script).
   *
   * @return the display command line
   */
  public String displayCommand() {
    StringBuilder sb = new StringBuilder();
    for (String arg : maskedArgv()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      // messages are one line: an inline script shows its line breaks as \n, and a long one is cut
      String a = arg.replace("\r", "").replace("\n", "\\n");
      if (a.length() > MAX_DISPLAY_ARG) {
        a = a.substring(0, MAX_DISPLAY_ARG) + "...(" + arg.length() + " chars)";
      }
      if (a.isEmpty()
          || a.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"')) {
        sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
      } else {
        sb.append(a);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "ProcessSpec[" + displayCommand() + "]";
  }

  /** Builds a {@link ProcessSpec}. Not thread-safe. */
  public static final class Builder {
    private final List<String> argv;
    private Path workingDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Set<String> removedEnv = new LinkedHashSet<>();
    private Duration timeout = DEFAULT_TIMEOUT;
    private final List<String> secrets = new ArrayList<>();
    private long maxCaptureBytes = DEFAULT_MAX_CAPTURE_BYTES;
    private Path stdoutFile;
    private boolean quietStdout;
    private String stdin;

    private Builder(List<String> argv) {
      Objects.requireNonNull(argv, "argv");
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("argv must not be empty");
      }
      for (String a : argv) {
        Objects.requireNonNull(a, "argv must not contain null: " + argv);
      }
      if (argv.get(0).isEmpty()) {
        throw new IllegalArgumentException("executable (argv[0]) must not be empty");
      }
      this.argv = new ArrayList<>(argv);
    }

    /**
     * Sets the working directory.
     *
     * @param dir the directory, or {@code null} for the current directory
     * @return this builder
     */
    public Builder workingDir(Path dir) {
      this.workingDir = dir;
      return this;
    }

    /**
     * Adds or overrides one variable of the inherited environment.
     *
     * @param key the variable name
     * @param value the value
     * @return this builder
     */
    public Builder env(String key, String value) {
      Objects.requireNonNull(key, "env key");
      Objects.requireNonNull(value, () -> "env value of " + key);
      env.put(key, value);
      removedEnv.remove(key);
      return this;
    }

    /**
     * Adds or overrides variables of the inherited environment.
     *
     * @param vars the variables
     * @return this builder
     */
    public Builder env(Map<String, String> vars) {
      vars.forEach(this::env);
      return this;
    }

    /**
     * Removes a variable from the inherited environment.
     *
     * @param key the variable name
     * @return this builder
     */
    public Builder removeEnv(String key) {
      Objects.requireNonNull(key, "env key");
      env.remove(key);
      removedEnv.add(key);
      return this;
    }

    /**
     * Sets the timeout after which the whole process tree is killed (default 10 minutes).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Adds secrets to mask as {@code ****} in every streamed line, the captured output and
     * messages. Null and empty values are ignored.
     *
     * @param values the secret values
     * @return this builder
     */
    public Builder secrets(Collection<String> values) {
      for (String s : values) {
        if (s != null && !s.isEmpty()) {
          secrets.add(s);
        }
      }
      return this;
    }

    /**
     * Sets the capture bound per stream (default 4 MiB); beyond it only the tail is kept and the
     * result is marked truncated.
     *
     * @param bytes a positive number of bytes
     * @return this builder
     */
    public Builder maxCaptureBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxCaptureBytes must be positive: " + bytes);
      }
      this.maxCaptureBytes = bytes;
      return this;
    }

    /**
     * Writes stdout, byte for byte, to a file instead of capturing it (parent directories are
     * created). Lines still go to the sink unless {@link #quietStdout(boolean)} is set.
     *
     * @param file the file, or {@code null} to capture stdout
     * @return this builder
     */
    public Builder stdoutFile(Path file) {
      this.stdoutFile = file;
      return this;
    }

    /**
     * Keeps stdout lines from the sink (they are still captured or written to the stdout file).
     *
     * @param quiet {@code true} to keep stdout lines from the sink
     * @return this builder
     */
    public Builder quietStdout(boolean quiet) {
      this.quietStdout = quiet;
      return this;
    }

    /**
     * Sets text written (UTF-8) to the process' stdin, which is then closed.
     *
     * @param text the text, or {@code null} for an empty stdin
     * @return this builder
     */
    public Builder stdin(String text) {
      this.stdin = text;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the immutable spec
     */
    public ProcessSpec build() {
      return new ProcessSpec(this);
    }
  }
}
