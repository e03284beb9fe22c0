package dev.buildgate.core.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stamp of files by real path, size and modification time, without reading them: the key under
 * which the answer of a slow command that depends only on those files (a tool's {@code --version},
 * its database metadata) can be kept in the state directory and reused while the stamp is the same
 * (the assumption make, git and Gradle rely on; a replaced binary or a refreshed database changes
 * size or time). A file modified within the last two seconds gives no stamp: a change in the same
 * timestamp tick could go unseen, so such an answer is not kept.
 *
 * <pre>{@code
 * String stamp = FileStamps.of(List.of(trivy, cacheDir.resolve("db/metadata.json")), argv);
 * if (stamp != null && stamp.equals(recordedStamp)) { use the recorded answer }
 * }</pre>
 */
public final class FileStamps {

  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private FileStamps() {}

  /**
   * The stamp of some files and other values the answer depends on (arguments, environment).
   *
   * @param files the files; a missing one is stamped as missing (creating it changes the stamp)
   * @param values other inputs, in order
   * @return 64 hex characters, or {@code null} when a file was modified in the last two seconds or
   *     cannot be stat'ed (then the answer must not be reused or kept)
   */
  public static String of(List<Path> files, List<String> values) {
    long racyAfter = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - RACY_NANOS;
    StringBuilder sb = new StringBuilder();
    for (Path f : files) {
      sb.append("file\u0000").append(f).append('\u0000');
      try {
        Path real = f.toRealPath();
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        long mtime = a.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        if (mtime >= racyAfter) {
          return null;
        }
        sb.append(real)
            .append('\u0000')
            .append(a.size())
            .append('\u0000')
            .append(mtime)
            .append('\u0000')
            .append(a.fileKey());
      } catch (NoSuchFileException e) {
        sb.append("missing");
      } catch (IOException | RuntimeException e) {
        return null;
      }
      sb.append('\n');
    }
    for (String v : values) {
      sb.append("value\u0000").append(v).append('\n');
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
