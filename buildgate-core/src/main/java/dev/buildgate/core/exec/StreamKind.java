package dev.buildgate.core.exec;

/** The output stream a line came from. */
public enum StreamKind {
  /** The process' standard output. */
  STDOUT,
  /** The process' standard error. */
  STDERR
}
