package dev.buildgate.core.state;

import dev.buildgate.core.io.Glob;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A SHA-256 fingerprint of a goal's inputs: configuration values, files (by content), file trees
 * selected by globs and tool versions.
 *
 * <p>The fingerprint is deterministic: entries are sorted, file trees contribute their files'
 * {@code /}-separated paths relative to their root (not the root itself, so a checkout moved to
 * another directory keeps its fingerprint) with a hash of each file's content, and the order of
 * builder calls does not matter. A missing file contributes a "missing" marker, so creating it
 * changes the fingerprint. Files are hashed in one streaming pass each (no timestamps are used, so
 * a touched but unchanged file keeps the fingerprint).
 *
 * <pre>{@code
 * String fp = Fingerprint.builder()
 *     .value("args", List.of("--strict"))
 *     .tool("ruff", "0.17.6")
 *     .files(projectDir, List.of("src/**}{@code /*.py", "pyproject.toml"), List.of("**}{@code /.venv/**"))
 *     .build()
 *     .hex();
 * }</pre>
 */
public final class Fingerprint {

  /**
   * Excludes for caches, virtualenvs, dependencies, VCS metadata and build output, which are rarely
   * inputs and can hold many files: {@code .git}, {@code target}, {@code node_modules}, {@code
   * .venv}/{@code venv}, {@code __pycache__}, {@code .mypy_cache}, {@code .ruff_cache}, {@code
   * .pytest_cache}, {@code .tox}, {@code .idea}.
   */
  public static final List<String> DEFAULT_EXCLUDES =
      List.of(
          "**/.git/**",
          "**/target/**",
          "**/node_modules/**",
          "**/.venv/**",
          "**/venv/**",
          "**/__pycache__/**",
          "**/.mypy_cache/**",
          "**/.ruff_cache/**",
          "**/.pytest_cache/**",
          "**/.tox/**",
          "**/.idea/**");

  private final String hex;
  private final List<String> entries;

  private Fingerprint(String hex, List<String> entries) {
    this.hex = hex;
    this.entries = entries;
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the fingerprint.
   *
   * @return 64 lower-case hex characters
   */
  public String hex() {
    return hex;
  }

  /**
   * Returns the sorted entries the fingerprint was computed from, one per value or file (for
   * debugging why a goal is not up to date).
   *
   * @return the entries, for example {@code file:src/a.py=<sha-256>}
   */
  public List<String> entries() {
    return entries;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint && ((Fingerprint) o).hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return hex;
  }

  /** Collects inputs; {@link #build()} reads the files. Not thread-safe. */
  public static final class Builder {
    private final List<String> entries = new ArrayList<>();
    private final List<FileTree> trees = new ArrayList<>();
    private final Map<String, Path> files = new TreeMap<>();
    private Path hashCacheFile;

    private Builder() {}

    /**
     * Keeps content hashes in a cache file (for example {@code target/buildgate/state/x.hashes}),
     * so files whose size and modification time are unchanged since the last build are not read
     * again. The fingerprint is the same with or without the cache; a file changed without a change
     * of size or modification time (which editors, git and build tools never do) would go unseen,
     * as with make or Gradle. Files modified in the last two seconds are always read.
     *
     * @param cacheFile the cache file, or {@code null} to read every file
     * @return this builder
     */
    public Builder hashCache(Path cacheFile) {
      this.hashCacheFile = cacheFile;
      return this;
    }

    /**
     * Adds a configuration value. Collections keep their order, maps are sorted by key, arrays are
     * expanded, {@code null} is distinct from the string {@code "null"}.
     *
     * @param key the value's name
     * @param value the value
     * @return this builder
     */
    public Builder value(String key, Object value) {
      Objects.requireNonNull(key, "key");
      entries.add("value:" + escape(key) + "=" + escape(canonical(value)));
      return this;
    }

    /**
     * Adds a secret configuration value (an environment value, a password): the entries, and so the
     * inputs file {@link UpToDateStore} writes next to the state, hold only a keyed digest of it
     * ({@link SecretDigest}: HMAC-SHA256 under a per-user key outside the build directory), so the
     * value cannot be read or guessed from {@code target/}. A changed value still changes the
     * fingerprint.
     *
     * @param key the value's name (not secret: it appears in the inputs file)
     * @param value the value, canonicalised as by {@link #value}
     * @return this builder
     */
    public Builder secret(String key, Object value) {
      Objects.requireNonNull(key, "key");
      entries.add("secret:" + escape(key) + "=" + SecretDigest.of(canonical(value)));
      return this;
    }

    /**
     * Adds each entry of a map of secret values ({@link #secret}), named {@code prefix + name}, so
     * a change can be told by name without its value.
     *
     * @param prefix the prefix of the names, for example {@code env:}
     * @param values the names and secret values (null means none)
     * @return this builder
     */
    public Builder secrets(String prefix, Map<String, String> values) {
      if (values != null) {
        new TreeMap<>(values).forEach((k, v) -> secret(prefix + k, v));
      }
      return this;
    }

    /**
     * Adds a tool's version.
     *
     * @param tool the tool's name
     * @param version its version (or {@code null} if unknown)
     * @return this builder
     */
    public Builder tool(String tool, String version) {
      Objects.requireNonNull(tool, "tool");
      entries.add("tool:" + escape(tool) + "=" + escape(canonical(version)));
      return this;
    }

    /**
     * Adds one file by content, keyed by the path as given.
     *
     * @param file the file; a missing file contributes a "missing" marker
     * @return this builder
     */
    public Builder file(Path file) {
      return file(slashes(file.toString()), file);
    }

    /**
     * Adds one file by content under a name of the caller's (for example its path inside a Docker
     * build context, so the context's location is not an input).
     *
     * @param name the entry's name; a later file of the same name replaces an earlier one
     * @param file the file; a missing file contributes a "missing" marker
     * @return this builder
     */
    public Builder file(String name, Path file) {
      files.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Adds every regular file under a root that matches an include glob and no exclude glob, keyed
     * by its {@code /}-separated path relative to the root. Directories matched entirely by an
     * exclude such as {@code **}{@code /node_modules/**} are not walked. Symbolic links are not
     * followed into directories. A missing root contributes a "missing" marker.
     *
     * @param root the directory to walk
     *     <p>Globs match {@code /}-separated paths relative to the root: {@code **} matches any
     *     number of directories (including none, so {@code **}{@code /*.py} matches {@code a.py}),
     *     {@code *} any characters within one segment, {@code ?} one character; a trailing {@code
     *     /} means everything below. Other characters (including braces) match themselves.
     * @param includes globs over relative paths; empty means every file
     * @param excludes globs over relative paths
     * @return this builder
     */
    public Builder files(Path root, List<String> includes, List<String> excludes) {
      Objects.requireNonNull(root, "root");
      List<Glob> inc = new ArrayList<>();
      for (String g : includes == null ? List.<String>of() : includes) {
        inc.add(new Glob(g));
      }
      List<Glob> exc = new ArrayList<>();
      for (String g : excludes == null ? List.<String>of() : excludes) {
        exc.add(new Glob(g));
      }
      trees.add(new FileTree(root, inc, exc));
      return this;
    }

    /**
     * Reads the files and computes the fingerprint.
     *
     * @return the fingerprint
     * @throws UncheckedIOException if a file or directory cannot be read
     */
    public Fingerprint build() {
      List<String> all = new ArrayList<>(entries);
      Hasher hasher = new Hasher(hashCacheFile == null ? null : HashCache.load(hashCacheFile));
      files.forEach((name, f) -> all.add("file:" + escape(name) + "=" + hasher.hash(f, null)));
      for (FileTree t : trees) {
        t.addEntries(all, hasher);
      }
      if (hasher.cache != null) {
        hasher.cache.save();
      }
      all.sort(null);
      MessageDigest total = sha256();
      for (String e : all) {
        total.update(e.getBytes(StandardCharsets.UTF_8));
        total.update((byte) '\n');
      }
      return new Fingerprint(HexFormat.of().formatHex(total.digest()), List.copyOf(all));
    }
  }

  private static final class FileTree {
    private final Path root;
    private final List<Glob> includes;
    private final List<Glob> excludes;
    private final String label;

    FileTree(Path root, List<Glob> includes, List<Glob> excludes) {
      this.root = root;
      this.includes = includes;
      this.excludes = excludes;
      // the root itself is not part of the label, so a relocated checkout keeps its fingerprint
      this.label =
          "["
              + escape(String.join(",", includes.stream().map(Glob::pattern).toList()))
              + "!"
              + escape(String.join(",", excludes.stream().map(Glob::pattern).toList()))
              + "]";
    }

    void addEntries(List<String> out, Hasher hasher) {
      if (!Files.isDirectory(root)) {
        out.add("tree:" + label + "=" + (Files.exists(root) ? "not-a-directory" : "missing"));
        return;
      }
      out.add("tree:" + label + "=present");
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(root)) {
                  return FileVisitResult.CONTINUE;
                }
                String rel = relative(dir);
                for (Glob g : excludes) {
                  if (g.matchesWholeDirectory(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                  }
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isDirectory()) {
                  return FileVisitResult.CONTINUE; // a symbolic link to a directory
                }
                String rel = relative(file);
                if (selected(rel)) {
                  out.add("file:" + label + "/" + escape(rel) + "=" + hasher.hash(file, attrs));
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                  return FileVisitResult.CONTINUE; // deleted while walking
                }
                throw e;
              }
            });
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the inputs under " + root + ": " + e, e);
      }
    }

    private boolean selected(String rel) {
      boolean included = includes.isEmpty();
      for (Glob g : includes) {
        if (g.matches(rel)) {
          included = true;
          break;
        }
      }
      if (!included) {
        return false;
      }
      for (Glob g : excludes) {
        if (g.matches(rel)) {
          return false;
        }
      }
      return true;
    }

    private String relative(Path p) {
      return slashes(root.relativize(p).toString());
    }
  }

  /** Hashes file contents, through the cache when there is one. */
  private static final class Hasher {
    private final HashCache cache;
    private final byte[] buf = new byte[64 * 1024];
    private final MessageDigest digest = sha256();

    Hasher(HashCache cache) {
      this.cache = cache;
    }

    String hash(Path file, BasicFileAttributes walkAttrs) {
      if (cache == null) {
        return hashFile(file, digest, buf);
      }
      BasicFileAttributes attrs = walkAttrs;
      if (attrs == null || attrs.isSymbolicLink()) {
        try {
          attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
          attrs = null; // missing or unreadable: hashFile says which
        }
      }
      return cache.hash(file, attrs, () -> hashFile(file, digest, buf));
    }
  }

  private static String hashFile(Path file, MessageDigest digest, byte[] buf) {
    if (!Files.exists(file)) {
      return "missing";
    }
    if (Files.isDirectory(file)) {
      return "directory";
    }
    digest.reset();
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        digest.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      return "missing";
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read input file " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String canonical(Object v) {
    if (v == null) {
      return "\u0000null";
    }
    if (v instanceof Map) {
      Map<String, String> sorted = new TreeMap<>();
      ((Map<?, ?>) v).forEach((k, val) -> sorted.put(canonical(k), canonical(val)));
      StringBuilder sb = new StringBuilder("{");
      sorted.forEach((k, val) -> sb.append(escape(k)).append('=').append(escape(val)).append(';'));
      return sb.append('}').toString();
    }
    if (v instanceof Collection) {
      StringBuilder sb = new StringBuilder("[");
      for (Object o : (Collection<?>) v) {
        sb.append(escape(canonical(o))).append(';');
      }
      return sb.append(']').toString();
    }
    if (v instanceof Object[]) {
      return canonical(Arrays.asList((Object[]) v));
    }
    if (v instanceof Path) {
      return slashes(v.toString());
    }
    if (v.getClass().isArray()) {
      return arrayString(v);
    }
    return v.toString();
  }

  private static String arrayString(Object array) {
    if (array instanceof byte[]) {
      return HexFormat.of().formatHex((byte[]) array);
    }
    if (array instanceof int[]) {
      return Arrays.toString((int[]) array);
    }
    if (array instanceof long[]) {
      return Arrays.toString((long[]) array);
    }
    if (array instanceof char[]) {
      return new String((char[]) array);
    }
    if (array instanceof boolean[]) {
      return Arrays.toString((boolean[]) array);
    }
    if (array instanceof double[]) {
      return Arrays.toString((double[]) array);
    }
    if (array instanceof float[]) {
      return Arrays.toString((float[]) array);
    }
    return Arrays.toString((short[]) array);
  }

  /** Escapes the separators used in entries so distinct inputs never collide. */
  private static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '=' || c == '\n' || c == ';' || c == '[' || c == ']') {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        sb.append('\\').append(c == '\n' ? 'n' : c);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static String slashes(String p) {
    return p.replace('\\', '/');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
