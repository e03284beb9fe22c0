package dev.buildgate.quality.fingerprint;

import dev.buildgate.quality.Globs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A cheap stamp of a file tree: SHA-256 over every selected file's relative path, size and
 * modification time (no content is read). Used as a cache key for the content fingerprint, so an
 * unchanged tree is recognised by a directory walk instead of reading every file (the same
 * assumption make and Gradle rely on: a file whose size and modification time did not change did
 * not change). A tree with a file modified in the last two seconds gets a stamp starting with
 * {@link #RACY}, which must not be kept: a change in the same timestamp tick could go unseen.
 */
public final class InputStamp {
  /** The prefix of a stamp that must not be kept ({@link #isRacy}). */
  static final String RACY = "racy:";

  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private InputStamp() {}

  /** Whether a stamp saw a file modified in the last two seconds (so it must not be kept). */
  public static boolean isRacy(String stamp) {
    return stamp.startsWith(RACY);
  }

  public static String of(Path root, List<String> includes, List<String> excludes)
      throws IOException {
    List<Pattern> inc = new ArrayList<>();
    for (String g : includes) {
      inc.add(Globs.compile(g));
    }
    List<Pattern> exc = new ArrayList<>();
    for (String g : excludes) {
      exc.add(Globs.compile(g));
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<String> entries = new ArrayList<>();
    long racyAfter = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - RACY_NANOS;
    boolean[] racy = {false};
    if (!Files.isDirectory(root)) {
      return "missing";
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            String rel = rel(root, dir) + "/";
            for (Pattern p : exc) {
              if (p.matcher(rel).matches()) {
                return FileVisitResult.SKIP_SUBTREE;
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isDirectory()) {
              return FileVisitResult.CONTINUE;
            }
            String rel = rel(root, file);
            if (matchesAny(inc, rel) && !matchesAny(exc, rel)) {
              long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
              if (mtime >= racyAfter) {
                racy[0] = true;
              }
              entries.add(rel + "\u0000" + attrs.size() + "\u0000" + mtime);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    entries.sort(null);
    for (String e : entries) {
      sha.update(e.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return (racy[0] ? RACY : "") + entries.size() + ":" + HexFormat.of().formatHex(sha.digest());
  }

  private static boolean matchesAny(List<Pattern> patterns, String rel) {
    for (Pattern p : patterns) {
      if (p.matcher(rel).matches()) {
        return true;
      }
    }
    return false;
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
