package dev.buildgate.docs.maven;

import dev.buildgate.docs.openapi.OpenApiOptions;
import java.util.List;

/** One {@code <server>} of {@code <openapiServers>}: merged into the spec's {@code servers}. */
public class Server {
  /** The server URL, e.g. https://api.example.com. */
  private String url;

  /** Its description, e.g. Production. */
  private String description;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  /**
   * This server as the spec's {@code servers} entry.
   *
   * @return the entry, or null without a URL (the config builder names the fix)
   */
  public OpenApiOptions.ServerEntry toEntry() {
    return url == null || url.isBlank() ? null : new OpenApiOptions.ServerEntry(url, description);
  }

  /**
   * The {@code <openapiServers>} as the spec's entries.
   *
   * @param servers the parameter, or null
   * @return the entries (null for a server without a URL), or null
   */
  static List<OpenApiOptions.ServerEntry> entries(List<Server> servers) {
    return servers == null
        ? null
        : servers.stream().map(s -> s == null ? null : s.toEntry()).toList();
  }
}
