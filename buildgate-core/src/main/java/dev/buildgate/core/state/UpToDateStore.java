package dev.buildgate.core.state;

import dev.buildgate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers the fingerprint of each goal's last successful run, one small file per key under a
 * directory (normally {@code target/buildgate/state}); {@link #record(String, Fingerprint)} also
 * keeps the list of inputs next to it so {@link #changes} can say what changed. Files are replaced
 * atomically (written to a temporary file, then moved), so a crash or a concurrent reader never
 * sees half a record. Thread-safe; separate JVMs may share the directory.
 *
 * <pre>{@code
 * if (store.isUpToDate("quality-lint", fp)) { log.info("lint: up to date"); return; }
 * runLint();                      // throws on failure: nothing is recorded
 * store.record("quality-lint", fp);
 * }</pre>
 *
 * <p>It also keeps the answers of slow steps that depend only on a few inputs, under a stamp of
 * those inputs ({@link #cached}, {@link #cache}): a tool's {@code --version} under {@link
 * FileStamps} of its binary, a rendering under a digest of its sources. {@link #answer} also shares
 * a small answer with the other modules of the build, which then do not ask again. These are the
 * one up-to-date mechanism of Buildgate, with {@link Fingerprint} (and its content-hash cache) for
 * what a goal's inputs are.
 */
public final class UpToDateStore {

  private static final int MAX_NAME = 80;

  /**
   * Small answers of {@link #answer}, by key and stamp, shared by every store of this JVM: the
   * modules of one build (each with its own directory) and the builds of a long-lived JVM ask once.
   * A stamp names everything its answer depends on, so an answer is as valid here as in a file.
   */
  private static final SharedAnswers<String, String> SHARED = new SharedAnswers<>(256);

  private final Path dir;

  /**
   * Creates a store; the directory is created on the first {@link #record}.
   *
   * @param dir the directory, normally {@code target/buildgate/state}
   */
  public UpToDateStore(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /**
   * Returns the store's directory.
   *
   * @return the directory
   */
  public Path dir() {
    return dir;
  }

  /**
   * Returns whether the last successful run of a key had this fingerprint.
   *
   * @param key the goal's key, for example {@code quality-lint}
   * @param fingerprint the current fingerprint
   * @return {@code true} if the recorded fingerprint equals the current one; {@code false} if it
   *     differs, nothing is recorded or the record cannot be read
   */
  public boolean isUpToDate(String key, String fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    return recorded(key).map(fingerprint::equals).orElse(false);
  }

  /**
   * Returns the fingerprint recorded for a key.
   *
   * @param key the key
   * @return the recorded fingerprint, or empty if none (or unreadable)
   */
  public Optional<String> recorded(String key) {
    try {
      String s = Files.readString(fileFor(key), StandardCharsets.UTF_8).trim();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or garbled: treat as not up to date
    }
  }

  /**
   * Returns whether the last successful run of a key had this fingerprint.
   *
   * @param key the goal's key
   * @param fingerprint the current fingerprint
   * @return see {@link #isUpToDate(String, String)}
   */
  public boolean isUpToDate(String key, Fingerprint fingerprint) {
    return isUpToDate(key, fingerprint.hex());
  }

  /**
   * Records a successful run's fingerprint together with its inputs, so a later run can say what
   * changed ({@link #changes}). Call only after the work succeeded.
   *
   * @param key the key
   * @param fingerprint the fingerprint of the inputs of the successful run
   * @throws UncheckedIOException if the record cannot be written
   */
  public void record(String key, Fingerprint fingerprint) {
    writeAtomically(key, inputsFileFor(key), String.join("\n", fingerprint.entries()) + "\n");
    record(key, fingerprint.hex());
  }

  /**
   * Describes in one line why a key is not up to date, for the log.
   *
   * @param key the key
   * @param current the current fingerprint
   * @return empty if up to date; otherwise for example {@code 2 files changed (src/a.py, src/b.py);
   *     tool ruff 0.17.5 -> 0.17.6}, or {@code no successful run recorded}
   */
  public Optional<String> changes(String key, Fingerprint current) {
    Optional<String> recorded = recorded(key);
    if (recorded.isEmpty()) {
      return Optional.of("no successful run recorded");
    }
    if (recorded.get().equals(current.hex())) {
      return Optional.empty();
    }
    List<String> before;
    try {
      before = Files.readAllLines(inputsFileFor(key), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.of("inputs changed");
    }
    String diff = InputDiff.describe(before, current.entries());
    return Optional.of(diff.isEmpty() ? "inputs changed" : diff);
  }

  /**
   * Records the fingerprint of a successful run. Call only after the work succeeded.
   *
   * @param key the key
   * @param fingerprint the fingerprint of the inputs of the successful run
   * @throws UncheckedIOException if the record cannot be written
   */
  public void record(String key, String fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (fingerprint.isBlank() || fingerprint.contains("\n")) {
      throw new IllegalArgumentException("fingerprint must be one non-blank line: " + fingerprint);
    }
    writeAtomically(key, fileFor(key), fingerprint + "\n");
  }

  /**
   * Returns an answer kept under a stamp by {@link #cache}.
   *
   * @param key the key, for example {@code docker-scan-trivy-version}
   * @param stamp the stamp of what the answer depends on now (one line); {@code null} never matches
   * @return the answer kept with this stamp, or empty (none, another stamp, or unreadable)
   */
  public Optional<String> cached(String key, String stamp) {
    if (stamp == null) {
      return Optional.empty();
    }
    try {
      String s = Files.readString(cacheFileFor(key), StandardCharsets.UTF_8);
      int nl = s.indexOf('\n');
      return nl >= 0 && s.substring(0, nl).equals(stamp)
          ? Optional.of(s.substring(nl + 1))
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // missing, unreadable or garbled: ask again
    }
  }

  /**
   * Keeps an answer under a stamp, replacing the previous one. Best effort: a cache that cannot be
   * written only costs time on the next build.
   *
   * @param key the key
   * @param stamp the stamp of what the answer depends on (one line); {@code null} keeps nothing
   *     (the inputs could not be stamped)
   * @param answer the answer, any text
   */
  public void cache(String key, String stamp, String answer) {
    if (stamp == null || stamp.indexOf('\n') >= 0 || stamp.indexOf('\r') >= 0 || answer == null) {
      return;
    }
    try {
      AtomicFiles.writeString(cacheFileFor(key), stamp + "\n" + answer);
    } catch (IOException | RuntimeException e) {
      // only costs time next build
    }
  }

  /**
   * The answer kept under a stamp: from this JVM (another module of the build asked it), else from
   * the directory ({@link #cached}), else asked now and kept in both. Concurrent callers with the
   * same key and stamp ask once; the others wait for that answer ({@link SharedAnswers}). For small
   * answers (a tool's {@code --version}).
   *
   * @param key the key, for example {@code quality-mypy-version}
   * @param stamp the stamp of what the answer depends on ({@link FileStamps}); {@code null} asks
   *     every time and keeps nothing
   * @param question asks when no answer is kept
   * @param <E> what asking may throw
   * @return the answer
   * @throws E when asking fails (nothing is kept)
   */
  public <E extends Exception> String answer(
      String key, String stamp, SharedAnswers.Question<String, E> question) throws E {
    if (stamp == null) {
      return question.ask();
    }
    return SHARED.get(
        key + '\n' + stamp,
        () -> {
          String kept = cached(key, stamp).orElse(null);
          if (kept != null) {
            return kept;
          }
          String a = question.ask();
          cache(key, stamp, a);
          return a;
        });
  }

  private void writeAtomically(String key, Path target, String content) {
    try {
      AtomicFiles.writeString(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot record the up-to-date state of '" + key + "' in " + target + ": " + e, e);
    }
  }

  /**
   * Forgets a key, so its next run does the work (call when the work failed or its outputs were
   * removed).
   *
   * @param key the key
   * @throws UncheckedIOException if the record exists and cannot be deleted
   */
  public void invalidate(String key) {
    Path f = fileFor(key);
    try {
      Files.deleteIfExists(f);
      Files.deleteIfExists(inputsFileFor(key));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the up-to-date state " + f + ": " + e, e);
    }
  }

  /**
   * Returns the file holding a key's record.
   *
   * @param key the key
   * @return the file under {@link #dir()}
   */
  public Path fileFor(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    return dir.resolve(fileName(key));
  }

  private Path inputsFileFor(String key) {
    return sibling(key, ".inputs");
  }

  private Path cacheFileFor(String key) {
    return sibling(key, ".cache");
  }

  private Path sibling(String key, String suffix) {
    String name = fileFor(key).getFileName().toString();
    return dir.resolve(name.substring(0, name.length() - ".state".length()) + suffix);
  }

  /**
   * Maps a key to a portable file name: safe characters are kept; a key that needed changes (or is
   * long) gets a hash suffix so distinct keys never share a file.
   */
  static String fileName(String key) {
    StringBuilder sb = new StringBuilder();
    boolean changed = false;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
        sb.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        sb.append(c); // kept, but case-insensitive file systems need the hash suffix
        changed = true;
      } else {
        sb.append('_');
        changed = true;
      }
    }
    if (sb.charAt(0) == '.') {
      sb.setCharAt(0, '_');
      changed = true;
    }
    if (changed || sb.length() > MAX_NAME) {
      String prefix = sb.length() > MAX_NAME ? sb.substring(0, MAX_NAME) : sb.toString();
      return prefix + "-" + shortHash(key) + ".state";
    }
    return sb + ".state";
  }

  private static String shortHash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
