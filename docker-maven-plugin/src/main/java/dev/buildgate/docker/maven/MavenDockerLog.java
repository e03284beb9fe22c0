package dev.buildgate.docker.maven;

import dev.buildgate.docker.DockerLog;
import org.apache.maven.plugin.logging.Log;

/** Adapts the Maven log; synchronized so lines of concurrent builds do not interleave. */
final class MavenDockerLog implements DockerLog {
  private final Log log;

  MavenDockerLog(Log log) {
    this.log = log;
  }

  @Override
  public synchronized void info(String line) {
    log.info(line);
  }

  @Override
  public synchronized void warn(String line) {
    log.warn(line);
  }
}
