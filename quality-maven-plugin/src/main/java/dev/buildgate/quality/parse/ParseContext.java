package dev.buildgate.quality.parse;

import dev.buildgate.core.finding.Finding;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a parser needs besides the tool output: the name findings are reported under, the directory
 * the tool ran in (relative paths in its output are relative to it) and the repository root that
 * finding paths are made relative to.
 *
 * <p>Not thread-safe: it caches normalised paths and interns repeated strings so that very large
 * outputs keep one copy of each file name and rule id. Use one context per parse.
 */
public final class ParseContext {

  private final String tool;
  private final Path workingDir;
  private final Path repoRoot;
  private final Map<String, String> pathCache = new HashMap<>();
  private final Map<String, String> strings = new HashMap<>();
  private String containerDir;

  /**
   * @param tool the tool name findings are reported under (e.g. {@code ruff})
   * @param workingDir the directory the tool ran in
   * @param repoRoot the repository (project) root finding paths are made relative to
   */
  public ParseContext(String tool, Path workingDir, Path repoRoot) {
    this.tool = Objects.requireNonNull(tool, "tool");
    this.workingDir = workingDir.toAbsolutePath().normalize();
    this.repoRoot = repoRoot.toAbsolutePath().normalize();
  }

  /**
   * Paths under {@code dir} (e.g. {@code /src}, where a container mounts the working directory) are
   * taken as paths under the working directory.
   */
  public ParseContext mapContainerDir(String dir) {
    this.containerDir = dir;
    return this;
  }

  public String tool() {
    return tool;
  }

  public Path workingDir() {
    return workingDir;
  }

  public Path repoRoot() {
    return repoRoot;
  }

  /**
   * The repository-relative, {@code '/'}-separated form of a path as a tool printed it: absolute
   * paths and {@code file:} URIs are made relative to the repository root (kept absolute when
   * outside it), relative paths are taken relative to the working directory. Null or blank gives
   * null.
   */
  public String file(String reported) {
    if (reported == null || reported.isBlank()) {
      return null;
    }
    return pathCache.computeIfAbsent(reported, this::normalize);
  }

  /**
   * Like {@link #file(String)} but a relative path is taken relative to the repository root (SARIF
   * URIs with a {@code uriBaseId} such as {@code %SRCROOT%} that the log does not define).
   */
  public String fileUnderRoot(String reported) {
    if (reported == null || reported.isBlank()) {
      return null;
    }
    return file(repoRoot.resolve(reported.trim()).toString());
  }

  /** Returns one shared instance per distinct value (rule ids, URLs, severities). */
  public String intern(String value) {
    if (value == null) {
      return null;
    }
    String prev = strings.putIfAbsent(value, value);
    return prev != null ? prev : value;
  }

  private String normalize(String reported) {
    String s = reported.trim();
    Path p;
    try {
      if (s.startsWith("file:")) {
        p = Path.of(URI.create(s));
      } else {
        p = Path.of(s);
      }
    } catch (IllegalArgumentException e) {
      return Finding.normalizeFile(s);
    }
    if (containerDir != null && p.isAbsolute()) {
      Path cd = Path.of(containerDir);
      if (p.startsWith(cd)) {
        p = workingDir.resolve(cd.relativize(p).toString());
      }
    }
    Path abs = (p.isAbsolute() ? p : workingDir.resolve(p)).normalize();
    if (abs.startsWith(repoRoot)) {
      String rel = repoRoot.relativize(abs).toString().replace('\\', '/');
      return rel.isEmpty() ? null : rel;
    }
    return abs.toString().replace('\\', '/');
  }
}
