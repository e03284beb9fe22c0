package dev.buildgate.integration;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One readiness condition. Targets may contain {@code ${integration.<service>.<port>}} placeholders
 * that are resolved once the stack's ports are known.
 *
 * @param kind what is checked
 * @param target URL (HTTP), host:port (TCP) or service name (HEALTHY, EXITED, LOG)
 * @param insecure HTTP only: accept any TLS certificate and host name (self-signed endpoints)
 * @param statusMin HTTP only: lowest accepted status
 * @param statusMax HTTP only: highest accepted status
 * @param pattern HTTP: regex the body must contain; LOG: regex a log line must contain
 * @param maxPollInterval the cap of this wait's back-off
 */
public record WaitSpec(
    Kind kind,
    String target,
    boolean insecure,
    int statusMin,
    int statusMax,
    Pattern pattern,
    Duration maxPollInterval) {

  /** What a wait checks. */
  public enum Kind {
    /** An HTTP(S) URL answers with a status in range (and a body matching the pattern). */
    HTTP,
    /** A TCP connection to host:port is accepted. */
    TCP,
    /** The service's container reports health status {@code healthy}. */
    HEALTHY,
    /** The service's (one-shot) container exited with code 0. */
    EXITED,
    /** The service's log contains a line matching the pattern. */
    LOG
  }

  /** Default cap for the cheap network probes (one loopback connection each). */
  public static final Duration NETWORK_POLL_CAP = Duration.ofMillis(150);

  /** Default cap for the probes that ask the Docker engine. */
  public static final Duration ENGINE_POLL_CAP = Duration.ofSeconds(1);

  public WaitSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    if (maxPollInterval == null) {
      maxPollInterval = kind == Kind.HTTP || kind == Kind.TCP ? NETWORK_POLL_CAP : ENGINE_POLL_CAP;
    }
  }

  public static WaitSpec http(String url, boolean insecure, int min, int max, Pattern body) {
    return new WaitSpec(Kind.HTTP, url, insecure, min, max, body, null);
  }

  public static WaitSpec tcp(String hostPort) {
    return new WaitSpec(Kind.TCP, hostPort, false, 0, 0, null, null);
  }

  public static WaitSpec healthy(String service) {
    return new WaitSpec(Kind.HEALTHY, service, false, 0, 0, null, null);
  }

  public static WaitSpec exited(String service) {
    return new WaitSpec(Kind.EXITED, service, false, 0, 0, null, null);
  }

  public static WaitSpec log(String service, Pattern pattern) {
    return new WaitSpec(Kind.LOG, service, false, 0, 0, Objects.requireNonNull(pattern), null);
  }

  public WaitSpec withTarget(String newTarget) {
    return new WaitSpec(kind, newTarget, insecure, statusMin, statusMax, pattern, maxPollInterval);
  }

  public WaitSpec withMaxPollInterval(Duration cap) {
    return new WaitSpec(kind, target, insecure, statusMin, statusMax, pattern, cap);
  }

  /** The service a wait is about, or null for URL / address waits. */
  public String service() {
    return switch (kind) {
      case HEALTHY, EXITED, LOG -> target;
      default -> null;
    };
  }

  /** Human description, e.g. {@code https://127.0.0.1:49153/health (status 200-399)}. */
  public String describe() {
    return switch (kind) {
      case HTTP ->
          target
              + " (status "
              + statusMin
              + "-"
              + statusMax
              + (pattern == null ? "" : ", body ~ /" + pattern.pattern() + "/")
              + (insecure ? ", any certificate" : "")
              + ")";
      case TCP -> "tcp " + target;
      case HEALTHY -> "service " + target + " healthy";
      case EXITED -> "service " + target + " exited 0";
      case LOG -> "service " + target + " log ~ /" + pattern.pattern() + "/";
    };
  }
}
