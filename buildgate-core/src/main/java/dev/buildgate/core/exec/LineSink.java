package dev.buildgate.core.exec;

/**
 * Receives the output of a process line by line while it runs, with secrets already masked and
 * without the line terminator. Within one run {@link LocalProcessRunner} never calls the sink from
 * two threads at once; a sink shared by concurrent runs must be thread-safe. Lines longer than 64
 * KiB arrive in pieces. A sink that throws stops receiving lines; the run still drains the process
 * and then fails with an {@link ExecException}.
 */
@FunctionalInterface
public interface LineSink {

  /** A sink that drops every line. */
  LineSink NONE = (stream, line) -> {};

  /**
   * Receives one line.
   *
   * @param stream the stream the line came from
   * @param line the line, masked, without its terminator
   */
  void line(StreamKind stream, String line);
}
