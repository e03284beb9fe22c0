package dev.buildgate.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a reader (another goal, a parallel build, the next build after a crash)
 * never sees half of it: the content goes to a hidden temporary file of its own in the same
 * directory, which then replaces the target in one move (a plain replacing move where the file
 * system has no atomic one). The temporary file is removed when anything fails.
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
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + "-", ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        content.writeTo(out);
      }
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
