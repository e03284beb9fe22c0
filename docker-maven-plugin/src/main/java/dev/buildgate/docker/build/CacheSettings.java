package dev.buildgate.docker.build;

import java.nio.file.Path;

/**
 * Build cache settings. Scopes are per image and per branch: a build reads its branch scope, then
 * the default branch's, and writes its branch scope only.
 *
 * @param type {@code auto} (local when the builder can export cache, else the daemon's own layer
 *     cache), {@code local}, {@code registry} or {@code none}
 * @param directory root of local caches ({@code <directory>/<image>/<scope>})
 * @param repository registry cache repository ({@code <repository>/<image>:<scope>}), or {@code
 *     null} for {@code <imagePrefix>/cache}
 */
public record CacheSettings(String type, Path directory, String repository) {

  /**
   * Whether the user asked for an explicit cache export.
   *
   * @return true for local and registry
   */
  public boolean explicit() {
    return "local".equals(type) || "registry".equals(type);
  }
}
