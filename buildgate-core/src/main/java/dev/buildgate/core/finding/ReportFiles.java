package dev.buildgate.core.finding;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.JsonStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the JSON report writers share: the file around the stream, and the generator settings. */
final class ReportFiles {

  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes a report body to a stream. */
  interface Body {
    void write(OutputStream os) throws IOException;
  }

  private ReportFiles() {}

  /**
   * Writes {@code body} to {@code out}, creating parent directories.
   *
   * @param kind the report's name in the error message, e.g. "SARIF report"
   * @throws UncheckedIOException when the file cannot be written
   */
  static void write(Path out, String kind, Body body) {
    try {
      // whole or not at all: a full disk must not leave half a report for code scanning to upload
      AtomicFiles.write(out, body::write);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new UncheckedIOException("Could not write " + kind + " " + out + ": " + why, e);
    }
  }

  /**
   * The elements of every part file ({@code *<suffix>}, each one JSON array) in a directory, in
   * name order. A part that cannot be read whole is skipped: it is being rewritten, and the next
   * merge reads it again.
   *
   * @throws UncheckedIOException when the directory cannot be listed
   */
  static List<String> partElements(Path partsDir, String suffix) {
    List<Path> parts = new ArrayList<>();
    if (Files.isDirectory(partsDir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(partsDir, "*" + suffix)) {
        ds.forEach(parts::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + partsDir + ": " + e, e);
      }
    }
    parts.sort(null);
    List<String> all = new ArrayList<>();
    for (Path p : parts) {
      try {
        all.addAll(JsonStreams.arrayElements(p));
      } catch (IOException e) {
        // skipped: see above
      }
    }
    return all;
  }

  /** A pretty-printing UTF-8 generator that leaves {@code os} open when closed. */
  static JsonGenerator generator(OutputStream os) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(os, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.useDefaultPrettyPrinter();
    return g;
  }
}
