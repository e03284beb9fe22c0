package dev.buildgate.core.io;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Small state files as UTF-8 properties: read leniently, written atomically. */
public final class PropertiesFiles {

  private PropertiesFiles() {}

  /**
   * Reads a properties file.
   *
   * @param file the file
   * @return its properties; null when it is missing, unreadable or garbled (state to rebuild)
   */
  public static Properties read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      return p;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Writes properties as UTF-8 text, atomically (see {@link AtomicFiles}); the parent directory is
   * created.
   *
   * @param file the file
   * @param p the properties
   * @param comment the header comment
   * @throws IOException when it cannot be written
   */
  public static void write(Path file, Properties p, String comment) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          p.store(w, comment);
          w.flush();
        });
  }
}
