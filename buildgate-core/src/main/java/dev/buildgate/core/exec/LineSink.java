package dev.buildgate.core.exec;

/**
 * Receives the output of a process line by line while it runs, with secrets already masked and
 * without the line terminator. {@link LocalProcessRunner} never calls a sink from two threads at
 * once, so implementations need not be thread-safe.
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
