package dev.buildgate.docs.openapi;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.docs.DocsDurations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
   * A builder from the settings as written, which checks them.
   *
   * @return a builder with the defaults (30s, 4 attempts, 2s apart, 20 MB)
   */
  public static Builder builder() {
    return new Builder();
  }

  /** OpenAPI settings as written; {@link #build()} checks them. */
  public static final class Builder {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private String url;
    private Path file;
    private String target = DEFAULT_TARGET;
    private String timeout = "30s";
    private int attempts = 4;
    private String retryDelay = "2s";
    private boolean insecure;
    private int maxSizeMb = DEFAULT_MAX_MB;
    private List<ServerEntry> servers;
    private Function<String, String> properties = key -> null;

    private Builder() {}

    /**
     * @param url the spec's URL, or null/blank; may contain {@code ${...}} properties
     * @return this
     */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /**
     * @param file the spec file, or null
     * @return this
     */
    public Builder file(Path file) {
      this.file = file;
      return this;
    }

    /**
     * @param target where the spec goes, relative to the docs directory
     * @return this
     */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /**
     * @param timeout one attempt's time limit as written ({@code <openapiTimeout>})
     * @return this
     */
    public Builder timeout(String timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * @param attempts fetch attempts, the first included (at least one is made)
     * @return this
     */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /**
     * @param retryDelay the pause between attempts as written ({@code <openapiRetryDelay>})
     * @return this
     */
    public Builder retryDelay(String retryDelay) {
      this.retryDelay = retryDelay;
      return this;
    }

    /**
     * @param insecure skip TLS checks
     * @return this
     */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /**
     * @param maxSizeMb the largest spec accepted, in MB
     * @return this
     */
    public Builder maxSizeMb(int maxSizeMb) {
      this.maxSizeMb = maxSizeMb;
      return this;
    }

    /**
     * @param servers the servers merged into the spec; a null entry is one without a URL
     * @return this
     */
    public Builder servers(List<ServerEntry> servers) {
      this.servers = servers;
      return this;
    }

    /**
     * @param properties looks up a {@code ${...}} property left in the URL (null when unset)
     * @return this
     */
    public Builder properties(Function<String, String> properties) {
      this.properties = properties;
      return this;
    }

    /**
     * Checks the settings.
     *
     * @return the options, or null when neither a URL nor a file is set
     * @throws GateCannotRunException one line naming the setting at fault
     */
    public OpenApiOptions build() throws GateCannotRunException {
      if (maxSizeMb <= 0) {
        throw new GateCannotRunException(
            "<openapiMaxSize> (buildgate.docs.openapi.maxSize) must be a positive number of MB,"
                + " not "
                + maxSizeMb
                + ".");
      }
      String resolved = url == null || url.isBlank() ? null : resolve(url.strip());
      if (resolved != null && file != null) {
        throw new GateCannotRunException(
            "Set either <openapiUrl> (buildgate.docs.openapi.url) or <openapiFile>"
                + " (buildgate.docs.openapi.file), not both.");
      }
      if (resolved == null && file == null) {
        return null;
      }
      List<ServerEntry> entries = new ArrayList<>();
      if (servers != null) {
        for (ServerEntry s : servers) {
          if (s == null || s.url().isBlank()) {
            throw new GateCannotRunException(
                "Every <openapiServers><server> needs a <url> (e.g. https://api.example.com).");
          }
          entries.add(new ServerEntry(s.url().strip(), s.description()));
        }
      }
      return new OpenApiOptions(
          resolved,
          file,
          target,
          DocsDurations.parse("<openapiTimeout> (buildgate.docs.openapi.timeout)", timeout, true),
          Math.max(1, attempts) - 1,
          DocsDurations.parse(
              "<openapiRetryDelay> (buildgate.docs.openapi.retryDelay)", retryDelay, false),
          insecure,
          entries,
          maxSizeMb * 1024L * 1024);
    }

    /**
     * Resolves ${...} left in the URL: Maven resolves them when the goal is configured; a property
     * set by an earlier goal of the same build (integration:up) is looked up again here.
     */
    private String resolve(String value) throws GateCannotRunException {
      Matcher m = PROPERTY.matcher(value);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String key = m.group(1);
        String v = properties.apply(key);
        if (v == null) {
          throw new GateCannotRunException(
              "<openapiUrl> "
                  + value
                  + " uses the property ${"
                  + key
                  + "}, which is not set: run integration:up earlier in the same build (it sets"
                  + " integration.* properties) or define the property.");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(v));
      }
      m.appendTail(out);
      return out.toString();
    }
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
