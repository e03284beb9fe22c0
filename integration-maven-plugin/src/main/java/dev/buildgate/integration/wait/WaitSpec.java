package dev.buildgate.integration.wait;

import dev.buildgate.core.exec.Durations;
import dev.buildgate.integration.IntegrationConfigException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

  /**
   * A builder that validates a wait as configured (the POM's {@code <wait>}): exactly one kind, a
   * status range, valid regexes, a pattern for log waits, a duration for the poll cap.
   *
   * @param where how the wait is named in messages, e.g. {@code <waits>: wait #2}
   * @return the builder
   */
  public static Builder builder(String where) {
    return new Builder(where);
  }

  /** Builds a {@link WaitSpec} from configured text; {@link #build} says what is wrong. */
  public static final class Builder {
    private static final Pattern STATUS =
        Pattern.compile("([1-5][0-9][0-9])(?:\\s*-\\s*([1-5][0-9][0-9]))?");

    private final String where;
    private String http;
    private boolean insecure;
    private String status;
    private String body;
    private String tcp;
    private String healthy;
    private String exited;
    private String log;
    private String pattern;
    private String maxPollInterval;

    private Builder(String where) {
      this.where = where;
    }

    /** An HTTP(S) URL that must answer. */
    public Builder http(String url) {
      this.http = url;
      return this;
    }

    /** Accept any TLS certificate (HTTP). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** Accepted HTTP status, a code or a range like {@code 200-399} (blank: 200-399). */
    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /** Regex the HTTP body must contain. */
    public Builder body(String regex) {
      this.body = regex;
      return this;
    }

    /** host:port that must accept connections. */
    public Builder tcp(String hostPort) {
      this.tcp = hostPort;
      return this;
    }

    /** Service whose containers must report healthy. */
    public Builder healthy(String service) {
      this.healthy = service;
      return this;
    }

    /** One-shot service that must exit 0. */
    public Builder exited(String service) {
      this.exited = service;
      return this;
    }

    /** Service whose log must have a line matching {@link #pattern}. */
    public Builder log(String service) {
      this.log = service;
      return this;
    }

    /** Regex for a log wait. */
    public Builder pattern(String regex) {
      this.pattern = regex;
      return this;
    }

    /** Cap of the poll back-off, e.g. {@code 500ms} (blank: the kind's default). */
    public Builder maxPollInterval(String duration) {
      this.maxPollInterval = duration;
      return this;
    }

    /**
     * The wait.
     *
     * @throws IntegrationConfigException one line naming the wait, the setting and the fix
     */
    public WaitSpec build() throws IntegrationConfigException {
      int kinds =
          (blank(http) ? 0 : 1)
              + (blank(tcp) ? 0 : 1)
              + (blank(healthy) ? 0 : 1)
              + (blank(exited) ? 0 : 1)
              + (blank(log) ? 0 : 1);
      if (kinds != 1) {
        throw new IntegrationConfigException(
            where + " must set exactly one of <http>, <tcp>, <healthy>, <exited>, <log>.");
      }
      WaitSpec spec;
      if (!blank(http)) {
        int[] range = statusRange();
        spec = WaitSpec.http(http.trim(), insecure, range[0], range[1], regex(body));
      } else if (!blank(tcp)) {
        spec = WaitSpec.tcp(tcp.trim());
      } else if (!blank(healthy)) {
        spec = WaitSpec.healthy(healthy.trim());
      } else if (!blank(exited)) {
        spec = WaitSpec.exited(exited.trim());
      } else {
        if (blank(pattern)) {
          throw new IntegrationConfigException(where + " (<log>) needs a <pattern> regex.");
        }
        spec = WaitSpec.log(log.trim(), regex(pattern));
      }
      if (!blank(maxPollInterval)) {
        try {
          spec =
              spec.withMaxPollInterval(
                  Durations.parse(where + " <maxPollInterval>", maxPollInterval));
        } catch (IllegalArgumentException e) {
          throw new IntegrationConfigException(e.getMessage());
        }
      }
      return spec;
    }

    private int[] statusRange() throws IntegrationConfigException {
      String v = blank(status) ? "200-399" : status.trim();
      Matcher m = STATUS.matcher(v);
      if (!m.matches()) {
        throw new IntegrationConfigException(
            where + ": <status>" + v + "</status> must be a code or a range like 200-399.");
      }
      int a = Integer.parseInt(m.group(1));
      int b = m.group(2) == null ? a : Integer.parseInt(m.group(2));
      if (b < a) {
        throw new IntegrationConfigException(where + ": <status> range " + v + " is empty.");
      }
      return new int[] {a, b};
    }

    private Pattern regex(String r) throws IntegrationConfigException {
      if (blank(r)) {
        return null;
      }
      try {
        return Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new IntegrationConfigException(
            where + ": '" + r + "' is not a valid regex: " + e.getDescription());
      }
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }
}
