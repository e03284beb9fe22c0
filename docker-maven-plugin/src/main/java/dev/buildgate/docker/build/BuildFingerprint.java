package dev.buildgate.docker.build;

import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.docker.image.ImageResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The up-to-date fingerprint of one image of a build (see {@link #of}); a context directory shared
 * by several images is read once per build.
 */
final class BuildFingerprint {

  private final BuildConfig cfg;

  /** Context digests of this build: images sharing a context directory read it once. */
  private final Map<Path, CompletableFuture<String>> contextDigests = new ConcurrentHashMap<>();

  BuildFingerprint(BuildConfig cfg) {
    this.cfg = cfg;
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
            .value("dockerfile", sha256(s.dockerfile()))
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
    return fp.build().hex();
  }

  private String contextDigestOnce(Path dir) throws IOException {
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> f =
        contextDigests.putIfAbsent(dir.toAbsolutePath().normalize(), mine);
    if (f == null) {
      try {
        mine.complete(contextDigest(dir));
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
   * @return hex sha-256
   * @throws IOException on a read error
   */
  public static String contextDigest(Path dir) throws IOException {
    MessageDigest md = sha();
    byte[] buf = new byte[64 * 1024];
    List<String[]> entries = new ArrayList<>();
    ContextWalker.walk(
        dir,
        DockerIgnore.load(dir),
        (rel, path, attrs) -> {
          String h;
          if (attrs.isRegularFile()) {
            MessageDigest f = sha();
            try (InputStream in = Files.newInputStream(path)) {
              int n;
              while ((n = in.read(buf)) > 0) {
                f.update(buf, 0, n);
              }
            }
            h = "f" + (Files.isExecutable(path) ? "x" : "") + HexFormat.of().formatHex(f.digest());
          } else if (attrs.isSymbolicLink()) {
            h = "l" + Files.readSymbolicLink(path);
          } else {
            h = "d";
          }
          entries.add(new String[] {rel, h});
        });
    entries.sort((a, b) -> a[0].compareTo(b[0]));
    for (String[] e : entries) {
      md.update((e[0] + "\0" + e[1] + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String sha256(Path file) throws IOException {
    return HexFormat.of().formatHex(sha().digest(Files.readAllBytes(file)));
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
