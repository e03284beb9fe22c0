package dev.buildgate.core.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed digest that stands for a secret value in up-to-date state: HMAC-SHA256 under a random
 * per-user key kept outside the build directory. A plain hash would not do: {@code target/} is
 * often uploaded by CI, and a password or token of low entropy is found from its SHA-256 by trying
 * candidates; without the key, the digest says nothing about the value, yet it stays the same from
 * one build to the next on the same machine, so a changed secret still re-runs the work.
 *
 * <p>The key is 32 random bytes in {@code $XDG_STATE_HOME/buildgate/fingerprint.key} (default
 * {@code ~/.local/state/buildgate/fingerprint.key}, or the file named by the system property {@code
 * buildgate.fingerprintKey}), created owner-only on first use. Where it cannot be read or created
 * (a read-only home), a key for this JVM alone is used: nothing leaks, the work just re-runs.
 */
final class SecretDigest {

  /** The system property naming the key file. */
  static final String KEY_FILE_PROPERTY = "buildgate.fingerprintKey";

  private static final int KEY_BYTES = 32;

  private static volatile byte[] key;

  private SecretDigest() {}

  /**
   * Returns the keyed digest of a value.
   *
   * @param value the secret value
   * @return {@code hmac-sha256:} and 64 hex characters
   */
  static String of(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return "hmac-sha256:"
          + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The key file in use. */
  static Path keyFile() {
    String p = System.getProperty(KEY_FILE_PROPERTY);
    if (p != null && !p.isBlank()) {
      return Path.of(p);
    }
    String state = System.getenv("XDG_STATE_HOME");
    Path base =
        state != null && !state.isBlank()
            ? Path.of(state)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("buildgate").resolve("fingerprint.key");
  }

  private static byte[] key() {
    byte[] k = key;
    if (k == null) {
      synchronized (SecretDigest.class) {
        k = key;
        if (k == null) {
          k = load(keyFile());
          key = k;
        }
      }
    }
    return k;
  }

  /** Reads the key, creating it when missing; a key for this JVM alone when neither works. */
  static byte[] load(Path file) {
    try {
      byte[] k = read(file);
      return k != null ? k : create(file);
    } catch (IOException | RuntimeException e) {
      return random();
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (hex.length() != 2 * KEY_BYTES) {
      throw new IOException(file + " is not a key");
    }
    return HexFormat.of().parseHex(hex);
  }

  /**
   * Writes a new key owner-only to a temporary file, then links it into place: when two builds
   * race, the first link wins and both use its key.
   */
  private static byte[] create(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path tmp =
        posix
            ? Files.createTempFile(
                dir,
                ".fingerprint-",
                ".key",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".fingerprint-", ".key");
    try {
      byte[] k = random();
      Files.writeString(tmp, HexFormat.of().formatHex(k) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.createLink(file, tmp);
        return k;
      } catch (FileAlreadyExistsException e) {
        byte[] theirs = read(file);
        if (theirs == null) {
          throw e;
        }
        return theirs;
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file);
        return k;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] random() {
    byte[] k = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(k);
    return k;
  }
}
