package dev.buildgate.core.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Helpers for tests that run real processes. */
final class ProcessTestSupport {

  private ProcessTestSupport() {}

  /** Writes an executable shell script. */
  static Path script(Path dir, String name, String body) throws IOException {
    Files.createDirectories(dir);
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /** Whether a pid is a live process (a zombie waiting to be reaped counts as dead). */
  static boolean alive(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      char state = stat.charAt(close + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false; // gone
    }
  }

  /** Reads pids, one per line. */
  static List<Long> pids(Path file) throws IOException {
    List<Long> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      if (!l.isBlank()) {
        out.add(Long.parseLong(l.trim()));
      }
    }
    return out;
  }

  /** Kills leftover pids (cleanup after a failed assertion). */
  static void killAll(List<Long> pids) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Names of live threads started by the runner. */
  static List<String> runnerThreads(String prefix) {
    List<String> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith(prefix)) {
        out.add(t.getName());
      }
    }
    return out;
  }

  /** A sink that records every line. */
  static final class RecordingSink implements LineSink {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void line(StreamKind stream, String line) {
      lines.add(stream + ":" + line);
    }
  }

  /** A sink that only counts lines and remembers the longest one. */
  static final class CountingSink implements LineSink {
    long count;
    int longest;
    String last;

    @Override
    public void line(StreamKind stream, String line) {
      count++;
      longest = Math.max(longest, line.length());
      last = line;
    }
  }
}
