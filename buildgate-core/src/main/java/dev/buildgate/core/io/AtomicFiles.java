package dev.buildgate.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Writes a file so that a reader (another goal, a parallel build, the next build after a crash)
 * never sees half of it: the content goes to a hidden temporary file of its own in the same
 * directory, which then replaces the target in one move (a plain replacing move where the file
 * system has no atomic one). The temporary file is removed when anything fails.
 *
 * <p>A JVM that exits (Ctrl-C, SIGTERM) while a write is under way waits for it, at most 3 s, so no
 * temporary file is left behind; a shutdown hook that ends processes other threads wait on waits
 * for the writes those threads then make with {@link #awaitQuiet}.
 *
 * <p>The file gets the permissions of a plain write: a new file those the umask allows (0644 under
 * umask 022, not the owner-only 0600 of {@link Files#createTempFile}), a replaced file keeps its
 * own.
 */
public final class AtomicFiles {

  /** Writes the content to a stream. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the content.
     *
     * @param out the stream (closed by {@link AtomicFiles})
     * @throws IOException on a write error
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Writes under way, and when one last started or ended ({@link #awaitQuiet}). */
  private static final Object ACTIVITY = new Object();

  private static int inFlight;
  private static long lastActivity = System.nanoTime();
  private static boolean exitWaits;

  private AtomicFiles() {}

  /**
   * Writes a file atomically, creating its directory.
   *
   * @param target the file
   * @param content what to write
   * @throws IOException on a write or move error (the target is then unchanged)
   */
  public static void write(Path target, Content content) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = newTempFile(dir, abs.getFileName().toString());
    activity(1);
    try {
      OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW);
      try (OutputStream out = new BufferedOutputStream(raw)) {
        content.writeTo(out);
      }
      keepPermissions(abs, tmp);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try {
        Files.deleteIfExists(tmp); // gone after the move; left only when something failed
      } catch (IOException e) {
        // best effort: the write's own outcome is what the caller needs
      }
      activity(-1);
    }
  }

  private static void activity(int delta) {
    synchronized (ACTIVITY) {
      if (!exitWaits) {
        exitWaits = true;
        try {
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> awaitQuiet(Duration.ZERO, Duration.ofSeconds(3)),
                      "buildgate-atomic-files"));
        } catch (IllegalStateException e) {
          // the JVM is already exiting: this write is on its own
        }
      }
      inFlight += delta;
      lastActivity = System.nanoTime();
      ACTIVITY.notifyAll();
    }
  }

  /**
   * Waits until no write is under way and none started or ended for {@code quiet}, at most {@code
   * max}. For a shutdown hook that has just ended the processes threads were waiting on: those
   * threads record the outcome within moments, and a JVM that exits in the middle of such a write
   * would leave its temporary file behind.
   *
   * @param quiet how long nothing must happen
   * @param max the longest wait
   */
  public static void awaitQuiet(Duration quiet, Duration max) {
    long end = System.nanoTime() + max.toNanos();
    synchronized (ACTIVITY) {
      long start = System.nanoTime();
      while (true) {
        long now = System.nanoTime();
        long since = now - Math.max(lastActivity, start);
        if ((inFlight == 0 && since >= quiet.toNanos()) || now >= end) {
          return;
        }
        long waitNanos = inFlight == 0 ? quiet.toNanos() - since : end - now;
        try {
          ACTIVITY.wait(Math.max(1, Math.min(waitNanos, end - now) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * A fresh name next to the target; the file itself is created by the write (mode 0666 less the
   * umask, as for any new file), and {@code CREATE_NEW} makes two writers never share it.
   */
  private static Path newTempFile(Path dir, String name) {
    return dir.resolve("." + name + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
  }

  /** A replaced file keeps its mode (as a plain write into it would). */
  private static void keepPermissions(Path target, Path tmp) throws IOException {
    try {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
    } catch (NoSuchFileException | UnsupportedOperationException e) {
      // a new file keeps the umask's mode; a non-POSIX file system has none to keep
    }
  }

  /**
   * Writes text as UTF-8, atomically.
   *
   * @param target the file
   * @param text the content
   * @throws IOException on a write or move error (the target is then unchanged)
   */
  public static void writeString(Path target, CharSequence text) throws IOException {
    write(target, out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
