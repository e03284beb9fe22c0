package dev.buildgate.core.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs each process in a session of its own (through util-linux {@code setsid}) so that everything
 * it starts can be found and killed, including children that double-forked away from the process
 * tree ({@code ( sleep 1001 & )} leaves the sleep with parent 1, but still in the session). Without
 * {@code setsid} or {@code /proc} (macOS, Windows) processes run as before and only the tree is
 * known.
 */
final class Sessions {

  private static final Path PROC = Path.of("/proc");

  /** {@code setsid} when it can wait for the program; empty where sessions are not used. */
  private static final Optional<String> SETSID = findSetsid();

  private Sessions() {}

  /** Whether processes are started in a session of their own. */
  static boolean enabled() {
    return SETSID.isPresent();
  }

  /**
   * The argv that starts a command as the leader of a new session. A child of the JVM is never a
   * process-group leader, so {@code setsid} execs the command in place: the process keeps its pid,
   * which is also the session id. ({@code --wait} only matters if it ever had to fork.)
   */
  static List<String> wrap(List<String> argv) {
    if (SETSID.isEmpty()) {
      return argv;
    }
    List<String> out = new ArrayList<>(argv.size() + 2);
    out.add(SETSID.get());
    out.add("--wait");
    out.addAll(argv);
    return out;
  }

  /** The session a process started through {@link #wrap} leads, or -1 when there is none. */
  static long sessionOf(Process p) {
    return enabled() ? p.pid() : -1;
  }

  /**
   * Whether a failed start of the command shows as {@code setsid}'s own message (the exec of the
   * command failed: missing interpreter, permission denied) instead of a start failure of the JVM.
   */
  static boolean execFailed(int exitCode, String stderr) {
    return enabled()
        && (exitCode == 126 || exitCode == 127)
        && stderr.startsWith("setsid: failed to execute ");
  }

  /**
   * The live processes of a session, read from {@code /proc} (this JVM excluded).
   *
   * @param sid the session id, or -1 for none
   * @return the members, possibly empty
   */
  static List<ProcessHandle> members(long sid) {
    List<ProcessHandle> out = new ArrayList<>();
    if (sid <= 0) {
      return out;
    }
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path d : dirs) {
        long pid;
        try {
          pid = Long.parseLong(d.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid != self && session(d) == sid) {
          ProcessHandle.of(pid).ifPresent(out::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process table could not be read: the tree is all that is known
    }
    return out;
  }

  /** Field 6 of {@code /proc/<pid>/stat} (after the command name in parentheses), or -1. */
  private static long session(Path procDir) {
    try {
      String stat = Files.readString(procDir.resolve("stat"), StandardCharsets.UTF_8);
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 6);
      return Long.parseLong(f[3]); // state, ppid, pgrp, session
    } catch (IOException | RuntimeException e) {
      return -1; // exited meanwhile
    }
  }

  private static Optional<String> findSetsid() {
    if (!Files.isDirectory(PROC.resolve("self"))) {
      return Optional.empty();
    }
    for (String c : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(c)) && supportsWait(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static boolean supportsWait(String setsid) {
    try {
      Process p = new ProcessBuilder(setsid, "--help").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(5, TimeUnit.SECONDS) && help.contains("--wait");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
