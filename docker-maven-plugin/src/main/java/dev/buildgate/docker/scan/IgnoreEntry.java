package dev.buildgate.docker.scan;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One entry of a {@code .trivyignore} or {@code .trivyignore.yaml} file.
 *
 * <p>An entry with an expiry date ignores its vulnerability <em>before</em> that date only: from
 * the expiry date on (as Trivy: {@code exp:2026-12-01} stops ignoring on 1 December) it no longer
 * ignores anything and the finding counts again.
 */
public final class IgnoreEntry {
  private final String id;
  private final LocalDate expires;
  private final String statement;
  private final List<String> paths;
  private final List<String> purls;
  private final String source;
  private final List<PathMatcher> pathMatchers;
  private final AtomicInteger matches = new AtomicInteger();
  private final AtomicInteger expiredHits = new AtomicInteger();

  /**
   * Creates an entry.
   *
   * @param id the vulnerability id (e.g. {@code CVE-2024-1234})
   * @param expires the expiry date, or null for none
   * @param statement why it is ignored, or null
   * @param paths globs matched against the result target and the package path (empty = any)
   * @param purls package URLs the entry is limited to (empty = any)
   * @param source {@code file:line} for messages
   */
  public IgnoreEntry(
      String id,
      LocalDate expires,
      String statement,
      List<String> paths,
      List<String> purls,
      String source) {
    this.id = id;
    this.expires = expires;
    this.statement = statement;
    this.paths = paths == null ? List.of() : List.copyOf(paths);
    this.purls = purls == null ? List.of() : List.copyOf(purls);
    this.source = source;
    this.pathMatchers =
        this.paths.stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }

  public String id() {
    return id;
  }

  public LocalDate expires() {
    return expires;
  }

  public String statement() {
    return statement;
  }

  public List<String> paths() {
    return paths;
  }

  public List<String> purls() {
    return purls;
  }

  /** Where the entry is defined, {@code file:line}. */
  public String source() {
    return source;
  }

  /** True when the entry has expired on {@code today} (expiry date reached or passed). */
  public boolean expiredOn(LocalDate today) {
    return expires != null && !today.isBefore(expires);
  }

  /** How many findings this entry ignored so far (all images). */
  public int matches() {
    return matches.get();
  }

  /** How many findings matched this entry after it had expired. */
  public int expiredHits() {
    return expiredHits.get();
  }

  /** True when the entry applies to {@code v} regardless of expiry. */
  boolean appliesTo(TrivyVulnerability v) {
    if (!id.equals(v.id())) {
      return false;
    }
    if (!pathMatchers.isEmpty()) {
      boolean any = false;
      for (PathMatcher m : pathMatchers) {
        if (matchesPath(m, v.pkgPath()) || matchesPath(m, v.target())) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    if (!purls.isEmpty()) {
      boolean any = false;
      for (String p : purls) {
        if (purlMatches(p, v.purl())) {
          any = true;
          break;
        }
      }
      return any;
    }
    return true;
  }

  void recordMatch() {
    matches.incrementAndGet();
  }

  void recordExpiredHit() {
    expiredHits.incrementAndGet();
  }

  private static boolean matchesPath(PathMatcher m, String path) {
    if (path == null || path.isEmpty()) {
      return false;
    }
    try {
      return m.matches(Path.of(path));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * An entry's purl matches the finding's when type/namespace/name are equal, the entry's version
   * (if it has one) is equal, and the entry's qualifiers (if any) all appear in the finding's.
   */
  static boolean purlMatches(String entry, String actual) {
    if (actual == null) {
      return false;
    }
    Purl e = Purl.parse(entry);
    Purl a = Purl.parse(actual);
    if (!e.base.equals(a.base)) {
      return false;
    }
    if (e.version != null && !e.version.equals(a.version)) {
      return false;
    }
    for (String q : e.qualifiers) {
      if (!a.qualifiers.contains(q)) {
        return false;
      }
    }
    return true;
  }

  private record Purl(String base, String version, List<String> qualifiers) {
    static Purl parse(String s) {
      String rest = s.trim();
      int hash = rest.indexOf('#');
      if (hash >= 0) {
        rest = rest.substring(0, hash);
      }
      List<String> qs = List.of();
      int q = rest.indexOf('?');
      if (q >= 0) {
        qs = List.of(rest.substring(q + 1).split("&"));
        rest = rest.substring(0, q);
      }
      String version = null;
      int at = rest.lastIndexOf('@');
      if (at > rest.lastIndexOf('/')) {
        version =
            java.net.URLDecoder.decode(
                rest.substring(at + 1), java.nio.charset.StandardCharsets.UTF_8);
        rest = rest.substring(0, at);
      }
      return new Purl(rest, version, qs);
    }
  }

  @Override
  public String toString() {
    return id + (expires == null ? "" : " (expires " + expires + ")") + " at " + source;
  }
}
