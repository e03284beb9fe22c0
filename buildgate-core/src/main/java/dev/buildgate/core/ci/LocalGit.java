package dev.buildgate.core.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the state of a git checkout straight from its {@code .git} directory (no git process): the
 * checked-out branch, the commit of HEAD, the default branch of {@code origin} and the owner and
 * repository path of the {@code origin} URL. Handles {@code .git} files (worktrees, submodules),
 * loose and packed refs and detached HEADs.
 */
public final class LocalGit {

  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final int MAX_SYMREF_DEPTH = 10;

  private final Path workTree;
  private final Path gitDir;
  private final Path commonDir;

  private LocalGit(Path workTree, Path gitDir, Path commonDir) {
    this.workTree = workTree;
    this.gitDir = gitDir;
    this.commonDir = commonDir;
  }

  /**
   * Finds the checkout containing {@code dir} by walking up to the first directory with a {@code
   * .git} directory or file.
   *
   * @return empty when {@code dir} is not inside a git checkout
   * @throws UncheckedIOException when a {@code .git} file or directory exists but cannot be read
   */
  public static Optional<LocalGit> find(Path dir) {
    if (dir == null) {
      return Optional.empty();
    }
    for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
      Path dotGit = d.resolve(".git");
      if (Files.isDirectory(dotGit)) {
        return Optional.of(open(d, dotGit));
      }
      if (Files.isRegularFile(dotGit)) {
        String content = read(dotGit).strip();
        if (!content.startsWith("gitdir:")) {
          throw new IllegalArgumentException(
              "Git file "
                  + dotGit
                  + " does not start with 'gitdir:': repair the checkout or set"
                  + " buildgate.ci.provider and the other buildgate.ci.* properties");
        }
        Path target = Path.of(content.substring("gitdir:".length()).strip());
        if (!target.isAbsolute()) {
          target = d.resolve(target);
        }
        return Optional.of(open(d, target.normalize()));
      }
    }
    return Optional.empty();
  }

  private static LocalGit open(Path workTree, Path gitDir) {
    Path common = gitDir;
    Path commonFile = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonFile)) {
      Path c = Path.of(read(commonFile).strip());
      common = (c.isAbsolute() ? c : gitDir.resolve(c)).normalize();
    }
    return new LocalGit(workTree, gitDir, common);
  }

  /** The working tree root (the directory holding {@code .git}). */
  public Path workTree() {
    return workTree;
  }

  /** The git directory of this working tree (for a linked worktree, its private directory). */
  public Path gitDir() {
    return gitDir;
  }

  /** The checked-out branch (without {@code refs/heads/}), or null for a detached HEAD. */
  public String branch() {
    String head = readOrNull(gitDir.resolve("HEAD"));
    if (head == null) {
      return null;
    }
    head = head.strip();
    if (head.startsWith("ref:")) {
      String ref = head.substring(4).strip();
      return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
    }
    return null;
  }

  /** The commit HEAD points at, or null (no commit yet on an unborn branch, unreadable refs). */
  public String headSha() {
    String head = readOrNull(gitDir.resolve("HEAD"));
    if (head == null) {
      return null;
    }
    return resolveValue(head.strip(), 0);
  }

  /** The commit a full ref name ({@code refs/heads/main}) points at, or null. */
  public String resolveRef(String ref) {
    return resolve(ref, 0);
  }

  private String resolveValue(String value, int depth) {
    if (value.startsWith("ref:")) {
      return resolve(value.substring(4).strip(), depth + 1);
    }
    String v = value.toLowerCase(Locale.ROOT);
    return SHA.matcher(v).matches() ? v : null;
  }

  private String resolve(String ref, int depth) {
    if (depth > MAX_SYMREF_DEPTH) {
      return null;
    }
    // per-worktree refs (HEAD, refs/bisect, ...) live in gitDir, shared refs in commonDir
    for (Path base : gitDir.equals(commonDir) ? List.of(gitDir) : List.of(gitDir, commonDir)) {
      String loose = readOrNull(base.resolve(ref));
      if (loose != null && !loose.isBlank()) {
        return resolveValue(loose.strip(), depth);
      }
    }
    return packedRef(ref);
  }

  private String packedRef(String ref) {
    String packed = readOrNull(commonDir.resolve("packed-refs"));
    if (packed == null) {
      return null;
    }
    for (String line : packed.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("^")) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space > 0 && line.substring(space + 1).strip().equals(ref)) {
        String sha = line.substring(0, space).toLowerCase(Locale.ROOT);
        return SHA.matcher(sha).matches() ? sha : null;
      }
    }
    return null;
  }

  /**
   * The tags (names without {@code refs/tags/}) that point at {@code commit}, sorted by name:
   * lightweight tags, annotated tags whose tag object is loose or whose peeled commit is recorded
   * in {@code packed-refs}. (Annotated tags stored only in a pack file without a peeled entry are
   * not seen.)
   */
  public List<String> tagsAt(String commit) {
    if (commit == null) {
      return List.of();
    }
    String target = commit.toLowerCase(Locale.ROOT);
    java.util.Map<String, String> tags = new java.util.TreeMap<>();
    String packed = readOrNull(commonDir.resolve("packed-refs"));
    if (packed != null) {
      String last = null;
      for (String line : packed.split("\n")) {
        line = line.strip();
        if (line.startsWith("^")) {
          if (last != null) {
            tags.put(last, line.substring(1).toLowerCase(Locale.ROOT));
          }
          continue;
        }
        last = null;
        int space = line.indexOf(' ');
        if (space > 0 && !line.startsWith("#")) {
          String ref = line.substring(space + 1).strip();
          if (ref.startsWith("refs/tags/")) {
            last = ref.substring("refs/tags/".length());
            tags.put(last, peel(line.substring(0, space).toLowerCase(Locale.ROOT)));
          }
        }
      }
    }
    Path tagDir = commonDir.resolve("refs/tags");
    if (Files.isDirectory(tagDir)) {
      try (java.util.stream.Stream<Path> files = Files.walk(tagDir)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String value = readOrNull(file);
          String sha = value == null ? null : resolveValue(value.strip(), 0);
          if (sha != null) {
            String name = tagDir.relativize(file).toString().replace('\\', '/');
            tags.put(name, peel(sha));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not list " + tagDir + ": " + e, e);
      }
    }
    List<String> out = new java.util.ArrayList<>();
    tags.forEach(
        (name, sha) -> {
          if (target.equals(sha)) {
            out.add(name);
          }
        });
    return out;
  }

  /** The commit an annotated tag object points at when the object is loose, else {@code sha}. */
  private String peel(String sha) {
    Path object =
        commonDir.resolve("objects").resolve(sha.substring(0, 2)).resolve(sha.substring(2));
    if (!Files.isRegularFile(object)) {
      return sha;
    }
    try (java.io.InputStream in =
        new java.util.zip.InflaterInputStream(Files.newInputStream(object))) {
      byte[] head = in.readNBytes(512);
      String text = new String(head, StandardCharsets.UTF_8);
      if (!text.startsWith("tag ")) {
        return sha;
      }
      int nul = text.indexOf('\0');
      String body = nul < 0 ? "" : text.substring(nul + 1);
      if (body.startsWith("object ")) {
        int end = body.indexOf('\n');
        String peeled = body.substring(7, end < 0 ? body.length() : end).strip();
        return SHA.matcher(peeled).matches() ? peeled : sha;
      }
      return sha;
    } catch (IOException e) {
      return sha;
    }
  }

  /**
   * The default branch as recorded by {@code git clone} in {@code refs/remotes/origin/HEAD}, or
   * null when unknown.
   */
  public String originDefaultBranch() {
    String value = readOrNull(commonDir.resolve("refs/remotes/origin/HEAD"));
    if (value == null) {
      return null;
    }
    value = value.strip();
    String prefix = "ref: refs/remotes/origin/";
    return value.startsWith(prefix) ? value.substring(prefix.length()) : null;
  }

  /** The URL of remote {@code origin} from the git config, or null. */
  public String originUrl() {
    String config = readOrNull(commonDir.resolve("config"));
    if (config == null) {
      return null;
    }
    boolean inOrigin = false;
    for (String raw : config.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("[")) {
        inOrigin = line.replaceAll("\\s+", " ").equalsIgnoreCase("[remote \"origin\"]");
        continue;
      }
      if (inOrigin) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase("url")) {
          String url = line.substring(eq + 1).strip();
          if (url.length() >= 2 && url.startsWith("\"") && url.endsWith("\"")) {
            url = url.substring(1, url.length() - 1);
          }
          return url.isEmpty() ? null : url;
        }
      }
    }
    return null;
  }

  private static final Pattern REMOTE_PATH =
      Pattern.compile(
          "^(?:[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?[^/]+(?::\\d+)?/|(?:[^@/]+@)?[^:/]+:)"
              + "(?<path>.+?)(?:\\.git)?/?$");

  /**
   * The repository path ({@code owner/name}, or {@code group/sub/name} on GitLab) of a remote URL
   * such as {@code https://github.com/owner/name.git} or {@code git@github.com:owner/name.git}, or
   * null when the URL has no such path.
   */
  public static String repositoryPath(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    Matcher m = REMOTE_PATH.matcher(url.strip());
    if (!m.matches()) {
      return null;
    }
    String path = m.group("path");
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    // Azure Repos: org/project/_git/repo
    path = path.replace("/_git/", "/");
    return path.contains("/") ? path : null;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file + ": " + e, e);
    }
  }

  private static String readOrNull(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return null;
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file + ": " + e, e);
    }
  }
}
