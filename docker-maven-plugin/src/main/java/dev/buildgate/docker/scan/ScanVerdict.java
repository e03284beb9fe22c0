package dev.buildgate.docker.scan;

/** The verdict of one image. Only {@link #PASSED} is a pass. */
public enum ScanVerdict {
  /** Scanned; nothing blocking. */
  PASSED,
  /** Scanned; at least one blocking vulnerability. */
  FAILED,
  /** The scan could not run or its output could not be trusted (fail closed). */
  ERROR,
  /** Not scanned because its build failed or was skipped. */
  NOT_SCANNED,
  /** Not scanned: the scan was skipped on request ({@code buildgate.docker.scan.skip}). */
  SKIPPED
}
