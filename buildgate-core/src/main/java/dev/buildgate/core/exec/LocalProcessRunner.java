package dev.buildgate.core.exec;

import dev.buildgate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs real processes.
 *
 * <ul>
 *   <li>The executable is looked up on the {@code PATH} of the process' effective environment
 *       before starting it; a missing one is an {@link ExecutableNotFoundException} naming the
 *       executable and the {@code PATH} searched.
 *   <li>stdout and stderr are drained by two daemon threads, decoded as UTF-8 with replacement,
 *       masked, streamed line by line to the sink (calls are serialised; {@code \n}, {@code \r\n}
 *       and a lone {@code \r} end a line; lines over 64 KiB arrive in pieces) and captured up to
 *       {@link ProcessSpec#maxCaptureBytes()} per stream, keeping the tail (the captured text is
 *       the raw output, masked). With {@link ProcessSpec#stdoutFile()} stdout is copied byte for
 *       byte (unmasked, so reports stay exact) to the file instead of being captured.
 *   <li>On timeout (or interruption of the calling thread) the whole process tree is terminated:
 *       every descendant seen while the process ran and every current descendant gets a graceful
 *       termination request, and whatever is still alive after the grace period is killed.
 *   <li>Processes still running when the JVM shuts down (Ctrl-C) are killed with their descendants
 *       by a shutdown hook.
 *   <li>If the process exits but something it started keeps its output open, reading goes on for at
 *       most 10 seconds (bounded by the timeout), then the descendants seen are killed and the
 *       reader threads get 2 more seconds before they are abandoned (they are daemon threads).
 * </ul>
 *
 * <p>Where util-linux {@code setsid} and {@code /proc} exist (Linux), each process leads a session
 * of its own, and killing the tree also kills every process still in that session: a descendant
 * that detached by a double fork ({@code ( sleep 1001 & )}, re-parented to pid 1) is found that way
 * ({@link Sessions}). Elsewhere such a descendant cannot be found once it left the tree (Java
 * offers no process groups). The process table is looked at after 10 ms and then at growing
 * intervals of up to 200 ms.
 *
 * <p>Instances are immutable and thread-safe; one runner may run many processes concurrently.
 */
public final class LocalProcessRunner implements ProcessRunner {

  /** How long processes get to exit after a graceful termination request. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

  /**
   * How long to keep reading after the process exited while something it left behind still holds
   * its output open.
   */
  private static final long POST_EXIT_DRAIN_MILLIS = 10_000;

  /** How long to wait for output after the process tree is gone before giving up on it. */
  private static final long DRAIN_AFTER_KILL_MILLIS = 2_000;

  private static final long MIN_POLL_MILLIS = 10;
  private static final long MAX_POLL_MILLIS = 200;

  /** Processes currently running, killed by a shutdown hook if the JVM exits under them. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

  /** Processes between "about to start" and "registered in {@link #RUNNING}". */
  private static final AtomicInteger STARTING = new AtomicInteger();

  private static volatile boolean shuttingDown;

  private final Map<String, String> baseEnv;
  private final Duration killGrace;

  /** Creates a runner whose processes inherit this JVM's environment. */
  public LocalProcessRunner() {
    this(System.getenv(), DEFAULT_KILL_GRACE);
  }

  /**
   * Creates a runner whose processes inherit the given environment instead of this JVM's.
   *
   * @param baseEnv the environment every process starts from (also used to look up executables)
   */
  public LocalProcessRunner(Map<String, String> baseEnv) {
    this(baseEnv, DEFAULT_KILL_GRACE);
  }

  /**
   * Creates a runner.
   *
   * @param baseEnv the environment every process starts from (also used to look up executables)
   * @param killGrace how long processes get to exit after a termination request before they are
   *     killed forcibly
   */
  public LocalProcessRunner(Map<String, String> baseEnv, Duration killGrace) {
    this.baseEnv = Map.copyOf(Objects.requireNonNull(baseEnv, "baseEnv"));
    this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
  }

  @Override
  public ProcessResult run(ProcessSpec spec, LineSink sink) throws ExecException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(sink, "sink");
    String display = spec.displayCommand();

    Map<String, String> env = effectiveEnv(spec);
    Path workDir = spec.workingDir();
    if (workDir != null && !Files.isDirectory(workDir)) {
      throw new ExecException(
          "Cannot run '"
              + display
              + "': working directory "
              + workDir.toAbsolutePath()
              + " does not exist or is not a directory");
    }
    List<String> argv = new ArrayList<>(spec.argv());
    argv.set(0, resolveExecutable(argv.get(0), workDir, env).toString());

    installShutdownHook(display);
    OutputStream stdoutFile = openStdoutFile(spec, display);
    ProcessBuilder pb = new ProcessBuilder(Sessions.wrap(argv));
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    pb.environment().clear();
    pb.environment().putAll(env);

    long startNanos = System.nanoTime();
    Process process;
    STARTING.incrementAndGet();
    try {
      if (shuttingDown) {
        throw new ExecException("Cannot run '" + display + "': the JVM is shutting down");
      }
      process = pb.start();
      RUNNING.add(process);
    } catch (IOException e) {
      closeQuietly(stdoutFile);
      throw mapStartFailure(spec.argv().get(0), env, display, e);
    } finally {
      STARTING.decrementAndGet();
    }
    Set<ProcessHandle> seen = new LinkedHashSet<>();
    try {
      ProcessResult r = supervise(spec, sink, process, stdoutFile, startNanos, seen);
      if (Sessions.execFailed(r.exitCode(), r.stderr())) {
        // setsid started, but not the command (a broken #! line): the same error as without it
        throw mapStartFailure(
            spec.argv().get(0), env, display, new IOException(r.stderr().strip()));
      }
      return r;
    } catch (RuntimeException | Error e) {
      // never leave a process behind, whatever went wrong here
      killTree(process, seen);
      closeQuietly(stdoutFile);
      throw e;
    } finally {
      RUNNING.remove(process);
    }
  }

  private ProcessResult supervise(
      ProcessSpec spec,
      LineSink sink,
      Process process,
      OutputStream stdoutFile,
      long startNanos,
      Set<ProcessHandle> seen)
      throws ExecException {
    Masker masker = new Masker(spec.secrets());
    List<String> maskedArgv = spec.maskedArgv();
    String display = spec.displayCommand();
    SerialSink serialSink = new SerialSink(sink, masker);
    TailBuffer outTail = spec.stdoutFile() == null ? new TailBuffer(spec.maxCaptureBytes()) : null;
    TailBuffer errTail = new TailBuffer(spec.maxCaptureBytes());
    String name = baseName(spec.argv().get(0));
    boolean sinkOut = sink != LineSink.NONE && !spec.quietStdout();
    boolean sinkErr = sink != LineSink.NONE;
    StreamPump out =
        new StreamPump(
            StreamKind.STDOUT,
            process.getInputStream(),
            outTail,
            stdoutFile,
            sinkOut ? serialSink::accept : null,
            "buildgate-exec-" + name + "-stdout");
    StreamPump err =
        new StreamPump(
            StreamKind.STDERR,
            process.getErrorStream(),
            errTail,
            null,
            sinkErr ? serialSink::accept : null,
            "buildgate-exec-" + name + "-stderr");
    out.start();
    err.start();
    Thread stdinWriter = startStdinWriter(process, spec.stdin(), name);

    long timeoutNanos;
    try {
      timeoutNanos = spec.timeout().toNanos();
    } catch (ArithmeticException e) {
      timeoutNanos = Long.MAX_VALUE / 4; // centuries: effectively no timeout
    }
    long deadline = startNanos + Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    boolean exited;
    try {
      exited = waitTracking(process, deadline, seen);
    } catch (InterruptedException e) {
      killTree(process, seen);
      drain(out, err, stdinWriter);
      Thread.currentThread().interrupt();
      throw new ExecException(
          "Interrupted while running '" + display + "'; process tree killed", e);
    }
    Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);

    if (!exited) {
      killTree(process, seen);
      drain(out, err, stdinWriter);
      ProcessResult partial =
          result(
              maskedArgv,
              -1,
              outTail,
              errTail,
              masker,
              Duration.ofNanos(System.nanoTime() - startNanos));
      throw new ProcessTimeoutException(maskedArgv, spec.timeout(), partial);
    }

    // The process exited; its output may still be held open by descendants it left behind.
    try {
      long window =
          Math.min(
              TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()), POST_EXIT_DRAIN_MILLIS);
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(1, window));
      boolean done = out.join(Math.max(1, window));
      done &= err.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      if (!done) {
        // leftovers keep the pipes open: they are part of the tree, kill the ones we saw
        killTree(process, seen);
        drain(out, err, stdinWriter);
      }
      if (stdinWriter != null) {
        stdinWriter.join(DRAIN_AFTER_KILL_MILLIS);
      }
    } catch (InterruptedException e) {
      killTree(process, seen);
      Thread.currentThread().interrupt();
      throw new ExecException("Interrupted while reading the output of '" + display + "'", e);
    }

    if (out.readFailure() != null || err.readFailure() != null) {
      IOException f = out.readFailure() != null ? out.readFailure() : err.readFailure();
      throw new ExecException(
          "Could not read the output of '" + display + "': " + f.getMessage(), f);
    }
    if (out.fileFailure() != null) {
      deletePartial(spec.stdoutFile()); // a truncated copy is no report (full disk)
      throw new ExecException(
          "Could not write the stdout of '"
              + display
              + "' to "
              + spec.stdoutFile()
              + ": "
              + out.fileFailure().getMessage(),
          out.fileFailure());
    }
    if (serialSink.failure != null) {
      throw new ExecException(
          "The output consumer failed while running '" + display + "': " + serialSink.failure,
          serialSink.failure);
    }
    return result(maskedArgv, process.exitValue(), outTail, errTail, masker, duration);
  }

  private static String baseName(String exe) {
    String n = exe.substring(Math.max(exe.lastIndexOf('/'), exe.lastIndexOf('\\')) + 1);
    return n.isEmpty() ? "process" : n;
  }

  /**
   * Makes sure processes still running when the JVM shuts down (for example on Ctrl-C in Maven) are
   * killed with their descendants instead of outliving the build.
   */
  private static void installShutdownHook(String display) throws ExecException {
    if (HOOK_INSTALLED.get()) {
      return;
    }
    synchronized (HOOK_INSTALLED) {
      if (HOOK_INSTALLED.get()) {
        return;
      }
      Thread hook = new Thread(LocalProcessRunner::killAllRunning, "buildgate-exec-shutdown");
      try {
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException e) {
        throw new ExecException("Cannot run '" + display + "': the JVM is shutting down", e);
      }
      HOOK_INSTALLED.set(true);
    }
  }

  private static void killAllRunning() {
    shuttingDown = true;
    // a process being started right now is registered within moments: wait for it
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (STARTING.get() > 0 && System.nanoTime() < end) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    boolean killed = !RUNNING.isEmpty();
    for (Process p : RUNNING) {
      try {
        Sessions.members(Sessions.sessionOf(p)).forEach(ProcessHandle::destroyForcibly);
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      } catch (RuntimeException e) {
        // best effort while the JVM exits
      }
    }
    if (killed) {
      // the threads that waited on them now record the outcome (images.json, the summary): let
      // those writes finish, or the JVM ends in the middle and leaves their temporary files
      AtomicFiles.awaitQuiet(Duration.ofMillis(300), Duration.ofSeconds(3));
    }
  }

  private Map<String, String> effectiveEnv(ProcessSpec spec) {
    Map<String, String> env = new HashMap<>(baseEnv);
    spec.removedEnv().forEach(env::remove);
    env.putAll(spec.env());
    return env;
  }

  private static Path resolveExecutable(String exe, Path workDir, Map<String, String> env)
      throws ExecutableNotFoundException {
    if (Executables.isPath(exe)) {
      Path p;
      try {
        p = Path.of(exe);
      } catch (java.nio.file.InvalidPathException e) {
        throw new ExecutableNotFoundException(
            exe, null, "Executable '" + exe + "' is not a valid path: " + e.getMessage(), e);
      }
      if (!p.isAbsolute()) {
        p = (workDir != null ? workDir : Path.of("")).toAbsolutePath().resolve(p).normalize();
      }
      if (!Executables.isExecutableFile(p)) {
        throw new ExecutableNotFoundException(
            exe,
            null,
            "Executable '"
                + exe
                + "' "
                + (Files.exists(p) ? "is not an executable file" : "does not exist")
                + " ("
                + p
                + "): check the configured path",
            null);
      }
      return p;
    }
    String path = Executables.pathOf(env);
    return Executables.find(exe, path)
        .orElseThrow(() -> new ExecutableNotFoundException(exe, path));
  }

  private static ExecException mapStartFailure(
      String exe, Map<String, String> env, String display, IOException e) {
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("error=2,") || msg.contains("No such file")) {
      // vanished between the lookup and the start, or a broken interpreter line (#!)
      return new ExecutableNotFoundException(
          exe,
          Executables.pathOf(env),
          "Cannot run '"
              + display
              + "': executable '"
              + exe
              + "' or its interpreter not found (PATH searched: "
              + Executables.pathOf(env)
              + ")",
          e);
    }
    if (msg.contains("error=13,") || msg.contains("Permission denied")) {
      return new ExecException(
          "Cannot run '" + display + "': permission denied on '" + exe + "'", e);
    }
    return new ExecException("Cannot start '" + display + "': " + msg, e);
  }

  private static void deletePartial(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the ExecException names the file; nothing more to do on a failing disk
    }
  }

  private static OutputStream openStdoutFile(ProcessSpec spec, String display)
      throws ExecException {
    Path file = spec.stdoutFile();
    if (file == null) {
      return null;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.newOutputStream(file);
    } catch (IOException e) {
      throw new ExecException(
          "Cannot run '" + display + "': cannot write its stdout to " + file + ": " + e, e);
    }
  }

  private static Thread startStdinWriter(Process process, String stdin, String name) {
    if (stdin == null) {
      closeQuietly(process.getOutputStream());
      return null;
    }
    Thread t =
        new Thread(
            () -> {
              try (OutputStream os = process.getOutputStream()) {
                os.write(stdin.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                // the process closed its stdin or exited early: it did not want the rest
              }
            },
            "buildgate-exec-" + name + "-stdin");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits for the process to exit, recording its descendants while it runs. */
  private static boolean waitTracking(Process process, long deadline, Set<ProcessHandle> seen)
      throws InterruptedException {
    long poll = MIN_POLL_MILLIS;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return !process.isAlive();
      }
      long slice = Math.min(TimeUnit.NANOSECONDS.toMillis(remaining) + 1, poll);
      if (process.waitFor(slice, TimeUnit.MILLISECONDS)) {
        return true;
      }
      track(process.toHandle(), seen);
      poll = Math.min(poll * 2, MAX_POLL_MILLIS);
    }
  }

  private static void track(ProcessHandle root, Set<ProcessHandle> seen) {
    seen.removeIf(h -> !h.isAlive());
    try {
      root.descendants().forEach(seen::add);
    } catch (RuntimeException e) {
      // the process table could not be read this time; keep what was seen so far
    }
  }

  /**
   * Terminates the process, every descendant and everything left in its session (double-forked
   * children), forcibly after the grace period.
   */
  private void killTree(Process process, Set<ProcessHandle> seen) {
    long sid = Sessions.sessionOf(process);
    Set<ProcessHandle> all = new LinkedHashSet<>(seen);
    track(process.toHandle(), all);
    all.add(process.toHandle());
    all.addAll(Sessions.members(sid));
    for (ProcessHandle h : all) {
      h.destroy();
    }
    long graceEnd = System.nanoTime() + killGrace.toNanos();
    for (ProcessHandle h : all) {
      long left = graceEnd - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        break; // grace period over (or interrupted): escalate
      }
    }
    // twice: children spawned while the tree was shutting down are caught by the second sweep
    for (int round = 0; round < 2; round++) {
      Set<ProcessHandle> alive = new LinkedHashSet<>(Sessions.members(sid));
      for (ProcessHandle h : all) {
        if (h.isAlive()) {
          alive.add(h);
          track(h, alive);
        }
      }
      if (alive.isEmpty()) {
        break;
      }
      for (ProcessHandle h : alive) {
        h.destroyForcibly();
      }
      all.addAll(alive);
      for (ProcessHandle h : alive) {
        try {
          h.onExit().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
          // a process in uninterruptible sleep; nothing more can be done
        }
      }
    }
  }

  private static void drain(StreamPump out, StreamPump err, Thread stdinWriter) {
    try {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_AFTER_KILL_MILLIS);
      out.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      err.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      if (stdinWriter != null) {
        stdinWriter.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ProcessResult result(
      List<String> argv,
      int exitCode,
      TailBuffer out,
      TailBuffer err,
      Masker masker,
      Duration duration) {
    boolean truncated = err.truncated() || (out != null && out.truncated());
    String stdout = out == null ? "" : masker.mask(out.text());
    String stderr = masker.mask(err.text());
    return new ProcessResult(argv, exitCode, stdout, stderr, truncated, duration);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }

  /** Masks lines and serialises calls to the caller's sink; remembers the first sink failure. */
  private static final class SerialSink {
    private final LineSink sink;
    private final Masker masker;
    private volatile RuntimeException failure;

    SerialSink(LineSink sink, Masker masker) {
      this.sink = sink;
      this.masker = masker;
    }

    synchronized void accept(StreamKind kind, String line) {
      if (failure != null) {
        return;
      }
      try {
        sink.line(kind, masker.mask(line));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
  }
}
