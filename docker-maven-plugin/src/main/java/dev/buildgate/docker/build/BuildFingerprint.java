package dev.buildgate.docker.build;

import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.docker.image.ImageResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The up-to-date fingerprint of one image of a build (see {@link #of}); a context directory shared
 * by several images is read once per build.
 */
final class BuildFingerprint {

  private final BuildConfig cfg;
  private final Path stateDir;

  /** Context digests of this build: images sharing a context directory read it once. */
  private final Map<Path, CompletableFuture<String>> contextDigests = new ConcurrentHashMap<>();

  /**
   * @param cfg the build
   * @param stateDir the docker plugin's state directory (the contexts' content-hash caches)
   */
  BuildFingerprint(BuildConfig cfg, Path stateDir) {
    this.cfg = cfg;
    this.stateDir = stateDir;
  }

  /**
   * The up-to-date fingerprint: Dockerfile, context files after .dockerignore, args, target,
   * platforms, labels (except the creation time), secrets' ids, named contexts (an image of this
   * build by its id/digest, a directory by its content), refs, builder and output.
   */
  String of(ImageJob job, String builderKind) throws IOException {
    ImageSpec s = job.spec();
    Fingerprint.Builder fp =
        Fingerprint.builder()
            .value("builder", builderKind)
            .value("push", cfg.push())
            .file("dockerfile", s.dockerfile())
            .value("context", contextDigestOnce(s.context()))
            .value("refs", String.join(",", job.refs()))
            .value("target", String.valueOf(s.target()))
            .value("platforms", String.join(",", s.platforms()))
            .value("pull", s.pull().name())
            .value("noCache", cfg.noCache())
            .value("sourceDate", String.valueOf(cfg.sourceDate()));
    fp.secrets("arg:", s.buildArgs()); // a value may come from ${env.X}
    job.labels()
        .forEach(
            (k, v) -> {
              if (!DockerBuild.CREATED_LABEL.equals(k)) {
                fp.value("label:" + k, v);
              }
            });
    for (SecretSpec sec : s.secrets()) {
      fp.value("secret:" + sec.id(), sec.env() != null ? "env:" + sec.env() : "file:" + sec.file());
    }
    for (Map.Entry<String, ContextRef> e : job.contexts().entrySet()) {
      ContextRef r = e.getValue();
      String v =
          switch (r.kind()) {
            case IMAGE -> {
              ImageResult d = job.dependencies().get(r.image());
              yield "image:" + d.imageId() + "@" + d.digest();
            }
            case DIRECTORY -> "dir:" + contextDigestOnce(r.directory());
            case SOURCE -> "source:" + r.source();
          };
      fp.value("ctx:" + e.getKey(), v);
    }
    return hex(fp);
  }

  /** The content-hash cache of a context directory, in the docker state directory. */
  private Path hashCacheOf(Path dir) {
    String abs = dir.toAbsolutePath().normalize().toString();
    String id = Fingerprint.builder().value("context", abs).build().hex().substring(0, 16);
    return stateDir.resolve("context-" + id + ".hashes");
  }

  private String contextDigestOnce(Path dir) throws IOException {
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> f =
        contextDigests.putIfAbsent(dir.toAbsolutePath().normalize(), mine);
    if (f == null) {
      try {
        mine.complete(contextDigest(dir, hashCacheOf(dir)));
      } catch (IOException | RuntimeException e) {
        mine.completeExceptionally(e);
      }
      f = mine;
    }
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  /**
   * A content digest of a context directory after .dockerignore (paths, modes, contents).
   *
   * @param dir the directory
   * @param hashCache where the content hashes are kept between builds (see {@link
   *     Fingerprint.Builder#hashCache}), or null to read every file
   * @return hex sha-256
   * @throws IOException on a read error
   */
  public static String contextDigest(Path dir, Path hashCache) throws IOException {
    Fingerprint.Builder fp = Fingerprint.builder().hashCache(hashCache);
    ContextWalker.walk(
        dir,
        DockerIgnore.load(dir),
        (rel, path, attrs) -> {
          if (attrs.isRegularFile()) {
            fp.file((Files.isExecutable(path) ? "fx:" : "f:") + rel, path);
          } else if (attrs.isSymbolicLink()) {
            fp.value("l:" + rel, Files.readSymbolicLink(path));
          } else {
            fp.value("d:" + rel, "");
          }
        });
    return hex(fp);
  }

  /** Reads the files and computes the fingerprint; a read error is an IOException, as elsewhere. */
  private static String hex(Fingerprint.Builder fp) throws IOException {
    try {
      return fp.build().hex();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
