package dev.buildgate.docker.scan;

import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.UpToDateStore;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an image's scan is up to date: its last scan PASSED and nothing that decides the
 * verdict changed since. The fingerprint covers the image (local id and registry digest), the Trivy
 * version, the vulnerability DB's metadata ({@code trivy version --format json}: UpdatedAt,
 * NextUpdate, DownloadedAt), the content of every ignore file that applies to the image, the ignore
 * entries that have expired by today (so an entry reaching its expiry date scans again), the gate
 * policy and the Trivy argv. Only passing scans are recorded ({@link #record}); a failed or
 * erroneous scan removes the record ({@link #invalidate}).
 *
 * <p>Images without a local id or digest (configured references) are never skipped: their content
 * behind the tag is unknown.
 */
public final class ScanUpToDate {

  /** No up-to-date check: every image is scanned. */
  public static final ScanUpToDate OFF = new ScanUpToDate(null);

  private final UpToDateStore store;

  /**
   * Creates a check that keeps its records in a directory.
   *
   * @param stateDir normally {@code target/buildgate/state}; {@code null} turns the check off
   */
  public ScanUpToDate(Path stateDir) {
    this.store = stateDir == null ? null : new UpToDateStore(stateDir);
  }

  /** Whether the check is on. */
  public boolean enabled() {
    return store != null;
  }

  /** The store key of an image: {@code docker-scan-<name>}. */
  public static String key(ImageTarget t) {
    return "docker-scan-" + t.fileName();
  }

  /**
   * The fingerprint of one image's scan inputs.
   *
   * @param config the scan configuration (policy, ignore files, today)
   * @param t the image
   * @param rules the ignore entries that apply to it
   * @param trivyVersion the Trivy version found
   * @param dbMetadata the database metadata as Trivy reports it, or null when unknown
   * @param argv the Trivy scan argv
   * @return the fingerprint, or empty when the image cannot be skipped (no image id or digest, or
   *     the database is unknown)
   */
  public static Optional<Fingerprint> fingerprint(
      ScanConfig config,
      ImageTarget t,
      IgnoreRules rules,
      String trivyVersion,
      String dbMetadata,
      List<String> argv) {
    if ((t.imageId() == null && t.digest() == null) || dbMetadata == null || trivyVersion == null) {
      return Optional.empty();
    }
    Fingerprint.Builder b =
        Fingerprint.builder()
            .value("image", t.name())
            .value("image-ref", t.ref())
            .value("image-id", t.imageId())
            .value("image-digest", t.digest())
            .tool("trivy", trivyVersion)
            .value("trivy-db", dbMetadata)
            .value("policy-severities", sorted(config.policy()))
            .value("policy-fixable-only", config.policy().fixableOnly());
    List<String> args = new ArrayList<>();
    String reports = config.reportDir().toString();
    for (String a : argv) {
      args.add(a.replace(reports, "<reports>"));
    }
    b.value("trivy-args", args);
    List<Path> files = new ArrayList<>(config.ignoreFiles());
    files.addAll(config.imageIgnoreFiles().getOrDefault(t.name(), List.of()));
    for (Path p : files) {
      Path abs = p.isAbsolute() ? p.normalize() : config.projectDir().resolve(p).normalize();
      String name =
          abs.startsWith(config.projectDir())
              ? config.projectDir().relativize(abs).toString().replace('\\', '/')
              : abs.toString();
      b.file("ignore-file:" + name, abs);
    }
    List<String> expired = new ArrayList<>();
    for (IgnoreEntry e : rules.entries()) {
      if (e.expiredOn(config.today())) {
        expired.add(e.id() + " " + e.expires() + " (" + e.source() + ")");
      }
    }
    expired.sort(null);
    b.value("ignore-expired", expired);
    try {
      return Optional.of(b.build());
    } catch (UncheckedIOException e) {
      return Optional.empty(); // an unreadable ignore file: scan (which says what is wrong)
    }
  }

  private static List<String> sorted(ScanPolicy p) {
    return p.severities().stream().map(Enum::name).sorted().toList();
  }

  /**
   * Whether the image's last passing scan had this fingerprint and its reports are still there.
   *
   * @param t the image
   * @param fp the current fingerprint
   * @param reports the image's report files (JSON, SARIF)
   * @return true when the scan can be skipped
   */
  public boolean isUpToDate(ImageTarget t, Fingerprint fp, Path... reports) {
    if (store == null || !store.isUpToDate(key(t), fp)) {
      return false;
    }
    for (Path r : reports) {
      if (!Files.isRegularFile(r)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why the image is scanned again, in one line (for the log).
   *
   * @param t the image
   * @param fp the current fingerprint
   * @return e.g. {@code configuration changed (image-id)}, or {@code no passing scan recorded}
   */
  public String reason(ImageTarget t, Fingerprint fp) {
    if (store == null) {
      return "up-to-date check off";
    }
    return store
        .changes(key(t), fp)
        .map(s -> s.equals("no successful run recorded") ? "no passing scan recorded" : s)
        .orElse("reports missing");
  }

  /** The store key of the cached {@code trivy version} answer. */
  static final String VERSION_KEY = "docker-scan-trivy-version";

  /**
   * The {@code trivy version} answer kept under a stamp of the binary and its database metadata
   * ({@link dev.buildgate.core.state.FileStamps}).
   *
   * @param stamp the current stamp
   * @return the answer recorded with this stamp, or empty (none, another stamp, or the check is
   *     off)
   */
  Optional<String> trivyVersion(String stamp) {
    return store == null ? Optional.empty() : store.cached(VERSION_KEY, stamp);
  }

  /**
   * Keeps a {@code trivy version} answer under a stamp.
   *
   * @param stamp the stamp taken before Trivy ran
   * @param answer the answer
   */
  void recordTrivyVersion(String stamp, String answer) {
    if (store != null) {
      store.cache(VERSION_KEY, stamp, answer);
    }
  }

  /** Records a PASSED scan. */
  public void record(ImageTarget t, Fingerprint fp) {
    if (store != null) {
      store.record(key(t), fp);
    }
  }

  /** Forgets an image (its scan failed or could not run). */
  public void invalidate(ImageTarget t) {
    if (store != null) {
      store.invalidate(key(t));
    }
  }
}
