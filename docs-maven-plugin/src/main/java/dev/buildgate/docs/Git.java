package dev.buildgate.docs;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Runs the git CLI through the core process runner; never prompts, never logs secrets. */
public final class Git {

  private final ProcessRunner runner;
  private final Path workDir;
  private final Map<String, String> env;
  private final Collection<String> secrets;
  private final Duration timeout;

  public Git(
      ProcessRunner runner,
      Path workDir,
      Map<String, String> env,
      Collection<String> secrets,
      Duration timeout) {
    this.runner = runner;
    this.workDir = workDir;
    this.env = Map.copyOf(env);
    this.secrets = List.copyOf(secrets);
    this.timeout = timeout;
  }

  /** Runs {@code git <args>}; a non-zero exit is returned, not thrown. */
  public ProcessResult run(List<String> args) throws ExecException {
    return run(args, null);
  }

  public ProcessResult run(List<String> args, String stdin) throws ExecException {
    return run(args, stdin, workDir);
  }

  public ProcessResult run(List<String> args, String stdin, Path dir) throws ExecException {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.addAll(args);
    ProcessSpec.Builder spec =
        ProcessSpec.builder(argv)
            .workingDir(dir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GCM_INTERACTIVE", "never")
            .env("LC_ALL", "C")
            .env(env)
            .timeout(timeout)
            .secrets(secrets);
    for (String inherited :
        List.of("GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES")) {
      if (!env.containsKey(inherited)) {
        spec.removeEnv(inherited);
      }
    }
    if (stdin != null) {
      spec.stdin(stdin);
    }
    return runner.run(spec.build(), LineSink.NONE);
  }

  /** Runs git and returns its trimmed stdout, or null on a non-zero exit. */
  public String output(String... args) throws ExecException {
    ProcessResult r = run(List.of(args));
    return r.exitCode() == 0 ? r.stdout().strip() : null;
  }
}
