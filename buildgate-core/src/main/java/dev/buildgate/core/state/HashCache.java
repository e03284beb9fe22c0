package dev.buildgate.core.state;

import dev.buildgate.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Remembers content hashes by absolute path, size and modification time, so an unchanged file is
 * not read again (the assumption make, git and Gradle rely on). A file modified within the last two
 * seconds is never cached: a change in the same timestamp tick could otherwise go unseen. Failures
 * to read or write the cache only cost speed. Not thread-safe (one per build()).
 */
final class HashCache {

  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private record Entry(long size, long mtime, String hash) {}

  private final Path file;
  private final Map<String, Entry> previous;
  private final Map<String, Entry> current = new HashMap<>();
  private final long racyAfter;
  private int hits;

  private HashCache(Path file, Map<String, Entry> previous) {
    this.file = file;
    this.previous = previous;
    this.racyAfter = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - RACY_NANOS;
  }

  static HashCache load(Path file) {
    Map<String, Entry> map = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ", 4);
        if (parts.length == 4) {
          map.put(
              parts[3], new Entry(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
        }
      }
    } catch (IOException | RuntimeException e) {
      map.clear(); // missing or garbled: start empty
    }
    return new HashCache(file, map);
  }

  /** Returns the cached hash of a file if its size and time are unchanged, else computes it. */
  String hash(Path path, BasicFileAttributes attrs, Supplier<String> compute) {
    if (attrs == null || !attrs.isRegularFile()) {
      return compute.get();
    }
    String key = path.toAbsolutePath().normalize().toString();
    long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    Entry e = previous.get(key);
    if (e != null && e.size() == attrs.size() && e.mtime() == mtime) {
      hits++;
      current.put(key, e);
      return e.hash();
    }
    String hash = compute.get();
    if (mtime < racyAfter && key.indexOf('\n') < 0 && hash.length() == 64) {
      current.put(key, new Entry(attrs.size(), mtime, hash));
    }
    return hash;
  }

  int hits() {
    return hits;
  }

  /** Writes the entries used by this build (so deleted files drop out), atomically. */
  void save() {
    if (current.equals(previous)) {
      return;
    }
    StringBuilder sb = new StringBuilder(current.size() * 120);
    current.forEach(
        (k, e) ->
            sb.append(e.size())
                .append(' ')
                .append(e.mtime())
                .append(' ')
                .append(e.hash())
                .append(' ')
                .append(k)
                .append('\n'));
    try {
      AtomicFiles.writeString(file, sb);
    } catch (IOException | RuntimeException e) {
      // a cache that cannot be written only costs speed next time
    }
  }
}
