package dev.buildgate.docs.maven;

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
}
