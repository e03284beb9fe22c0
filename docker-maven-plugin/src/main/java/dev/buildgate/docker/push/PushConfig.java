package dev.buildgate.docker.push;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The input of a {@code docker:push} run.
 *
 * @param outputDir {@code target/buildgate/docker} (images.json)
 * @param buildgateDir {@code target/buildgate} (the pipeline summary)
 * @param attempts attempts per ref (at least 1)
 * @param backoff first backoff (doubles each retry)
 * @param timeout per push timeout
 */
public record PushConfig(
    Path outputDir, Path buildgateDir, int attempts, Duration backoff, Duration timeout) {}
