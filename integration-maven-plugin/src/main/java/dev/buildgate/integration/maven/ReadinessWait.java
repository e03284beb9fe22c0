package dev.buildgate.integration.maven;

import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.wait.WaitSpec;

/**
 * POM form of one readiness wait ({@code <waits><wait>...}): set exactly one of {@code http},
 * {@code tcp}, {@code healthy}, {@code exited}, {@code log}.
 */
public class ReadinessWait {
  /** URL that must answer, e.g. {@code https://${integration.web.8443}/health}. */
  String http;

  /** Accept any TLS certificate for {@code http} (self-signed endpoints). */
  boolean insecure;

  /** Accepted HTTP status range, e.g. {@code 200-399} or {@code 204}. */
  String status = "200-399";

  /** Regex the HTTP body must contain. */
  String body;

  /** host:port that must accept connections, e.g. {@code ${integration.redis.6379}}. */
  String tcp;

  /** Service whose container must report healthy. */
  String healthy;

  /** One-shot service that must exit with code 0. */
  String exited;

  /** Service whose log must contain a line matching {@code pattern}. */
  String log;

  /** Regex for {@code log}. */
  String pattern;

  /** Cap of this wait's poll back-off (default 150ms for http/tcp, 1s otherwise). */
  String maxPollInterval;

  /**
   * The domain spec; {@link WaitSpec.Builder} validates.
   *
   * @param where how the wait is named in messages
   */
  WaitSpec toSpec(String where) throws IntegrationConfigException {
    return WaitSpec.builder(where)
        .http(http)
        .insecure(insecure)
        .status(status)
        .body(body)
        .tcp(tcp)
        .healthy(healthy)
        .exited(exited)
        .log(log)
        .pattern(pattern)
        .maxPollInterval(maxPollInterval)
        .build();
  }
}
