package dev.buildgate.quality.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns one tool's machine-readable output into findings, streaming (bounded memory). */
public interface OutputParser {

  /**
   * Parses the output read from {@code in} (UTF-8). Does not close the stream.
   *
   * @throws OutputParseException when the output is not in the expected format
   * @throws IOException when reading fails
   */
  ParsedOutput parse(InputStream in, ParseContext ctx) throws IOException, OutputParseException;

  /** Parses a file; a missing or empty file is an {@link OutputParseException}. */
  default ParsedOutput parse(Path file, ParseContext ctx) throws IOException, OutputParseException {
    if (!Files.isRegularFile(file)) {
      throw new OutputParseException(ctx.tool() + " wrote no report (" + file + " is missing)");
    }
    if (Files.size(file) == 0) {
      throw new OutputParseException(ctx.tool() + " wrote an empty report (" + file + ")");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, ctx);
    }
  }
}
