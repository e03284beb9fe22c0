package dev.buildgate.docs.openapi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the OpenAPI spec comes from and where it goes.
 *
 * @param url the spec's http(s) URL, or null
 * @param file the spec file, or null (exactly one of url and file is set)
 * @param target where the spec is written, relative to the staged docs directory
 * @param timeout connect and read timeout of one attempt
 * @param retries attempts after the first one, on connection errors and HTTP 408/429/5xx
 * @param retryDelay pause between attempts
 * @param insecure skip TLS certificate and host name verification (self-signed test stacks)
 * @param servers {@code servers} entries merged into the spec, first
 * @param maxBytes the largest spec accepted, fetched or read (a larger one fails the build)
 */
public record OpenApiOptions(
    String url,
    Path file,
    String target,
    Duration timeout,
    int retries,
    Duration retryDelay,
    boolean insecure,
    List<ServerEntry> servers,
    long maxBytes) {

  /** The default place of the spec in the staged docs. */
  public static final String DEFAULT_TARGET = "reference/openapi.json";

  /** The default cap on the spec's size, in MB. */
  public static final int DEFAULT_MAX_MB = 20;

  /** Options with the default size cap ({@value #DEFAULT_MAX_MB} MB). */
  public OpenApiOptions(
      String url,
      Path file,
      String target,
      Duration timeout,
      int retries,
      Duration retryDelay,
      boolean insecure,
      List<ServerEntry> servers) {
    this(
        url,
        file,
        target,
        timeout,
        retries,
        retryDelay,
        insecure,
        servers,
        DEFAULT_MAX_MB * 1024L * 1024);
  }

  public OpenApiOptions {
    if ((url == null) == (file == null)) {
      throw new IllegalArgumentException("exactly one of url and file must be set");
    }
    target = target == null || target.isBlank() ? DEFAULT_TARGET : target;
    timeout = Objects.requireNonNullElse(timeout, Duration.ofSeconds(30));
    retryDelay = Objects.requireNonNullElse(retryDelay, Duration.ofSeconds(2));
    retries = Math.max(0, retries);
    servers = servers == null ? List.of() : List.copyOf(servers);
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
  }

  /** A human name of the source, used in every message. */
  public String source() {
    return url != null ? url : file.toString();
  }

  /**
   * One {@code servers} entry.
   *
   * @param url the server URL
   * @param description its description, or null
   */
  public record ServerEntry(String url, String description) {
    public ServerEntry {
      Objects.requireNonNull(url, "url");
    }
  }
}
