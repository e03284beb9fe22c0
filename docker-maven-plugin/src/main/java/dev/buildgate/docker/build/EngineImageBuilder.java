package dev.buildgate.docker.build;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.ImageInfo;
import dev.buildgate.docker.DockerConfigException;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fallback when buildx is missing (or {@code builder=engine}): the engine's classic builder
 * through docker-java. The context tar is streamed and honours {@code .dockerignore}; named
 * contexts that are images are supplied by rewriting {@code FROM}/{@code COPY --from} in a
 * generated Dockerfile; what the classic builder cannot do (secrets, cache export, directory or git
 * contexts, several platforms) is a configuration error.
 */
public final class EngineImageBuilder implements ImageBuilder {

  /** Name of the generated Dockerfile inside the context tar. */
  static final String GENERATED = ".buildgate.Dockerfile";

  private final BuildConfig cfg;
  private final DockerEngine engine;

  /**
   * Creates the builder.
   *
   * @param cfg the configuration
   * @param engine the daemon
   */
  public EngineImageBuilder(BuildConfig cfg, DockerEngine engine) {
    this.cfg = cfg;
    this.engine = engine;
  }

  @Override
  public String kind() {
    return "engine";
  }

  @Override
  public void check(ImageJob job) throws DockerConfigException {
    String img = "docker image '" + job.spec().name() + "': ";
    String fix = " Install docker buildx (builder=auto/buildx) for this.";
    if (!job.spec().secrets().isEmpty()) {
      throw new DockerConfigException(
          img
              + "build secrets need BuildKit; the engine (classic) builder cannot pass them."
              + fix);
    }
    if (cfg.cache().explicit()) {
      throw new DockerConfigException(
          img
              + "<cache><type>"
              + cfg.cache().type()
              + "</type> (cache export) needs buildx; the engine builder only has the daemon's"
              + " layer cache. Fix: set <cache><type>auto</type> or install docker buildx.");
    }
    if (job.spec().platforms().size() > 1) {
      throw new DockerConfigException(
          img + "several <platforms> need buildx; the engine builder builds one platform." + fix);
    }
    for (Map.Entry<String, ContextRef> e : job.contexts().entrySet()) {
      ContextRef r = e.getValue();
      boolean ok =
          r.kind() == ContextRef.Kind.IMAGE
              || (r.kind() == ContextRef.Kind.SOURCE && r.source().startsWith("docker-image://"));
      if (!ok) {
        throw new DockerConfigException(
            img
                + "context '"
                + e.getKey()
                + "' = "
                + (r.kind() == ContextRef.Kind.DIRECTORY ? r.directory() : r.source())
                + " is not an image; the engine builder can only supply image contexts (by"
                + " rewriting FROM/COPY --from)."
                + fix);
      }
    }
  }

  /**
   * Context name to image reference, for the Dockerfile rewrite.
   *
   * @param job the image
   * @return the replacements
   */
  static Map<String, String> imageContexts(ImageJob job) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, ContextRef> e : job.contexts().entrySet()) {
      ContextRef r = e.getValue();
      if (r.kind() == ContextRef.Kind.IMAGE) {
        m.put(e.getKey(), job.dependencies().get(r.image()).primaryRef());
      } else if (r.kind() == ContextRef.Kind.SOURCE && r.source().startsWith("docker-image://")) {
        m.put(e.getKey(), r.source().substring("docker-image://".length()));
      }
    }
    return m;
  }

  /**
   * The files added to the context tar, as the docker CLI adds a Dockerfile that is not in the
   * context ({@code AddDockerfileToBuildContext}): the generated Dockerfile, and a {@code
   * .dockerignore} that names it (the context's own rules plus that line, or {@code .dockerignore}
   * and that line when the context has none). The daemon removes what {@code .dockerignore} names
   * from the context after reading the Dockerfile, so {@code COPY . /x/} never ships it.
   *
   * @param context the context directory
   * @param dockerfile the rewritten Dockerfile
   * @return path in the tar to content (replacing a context file of the same path)
   * @throws IOException if the context's {@code .dockerignore} cannot be read
   */
  static Map<String, byte[]> generatedFiles(Path context, String dockerfile) throws IOException {
    Path own = context.resolve(".dockerignore");
    String ignore =
        Files.isRegularFile(own)
            ? Files.readString(own, StandardCharsets.UTF_8)
            : ".dockerignore"; // as the CLI: a .dockerignore it creates ignores itself too
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(GENERATED, dockerfile.getBytes(StandardCharsets.UTF_8));
    files.put(".dockerignore", (ignore + "\n" + GENERATED + "\n").getBytes(StandardCharsets.UTF_8));
    return files;
  }

  @Override
  public BuiltImage build(ImageJob job, ImageLog log) throws Exception {
    ImageSpec s = job.spec();
    String dockerfile =
        DockerfileRewriter.labelStages(
            DockerfileRewriter.rewrite(
                Files.readString(s.dockerfile(), StandardCharsets.UTF_8), imageContexts(job)),
            s.name());
    List<String> keep = new ArrayList<>(List.of(".dockerignore"));
    if (s.dockerfile().startsWith(s.context())) {
      keep.add(ContextWalker.rel(s.context(), s.dockerfile()));
    }
    DockerIgnore ignore = DockerIgnore.load(s.context()).keeping(keep);
    log.note(
        "engine build of "
            + s.context()
            + " (Dockerfile "
            + s.dockerfile()
            + ", image contexts "
            + imageContexts(job)
            + ")");

    PipedInputStream in = new PipedInputStream(1 << 20);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<Throwable> tarError = new AtomicReference<>();
    Thread writer = contextWriter(s, ignore, dockerfile, out, tarError);
    BuildImageCmd cmd = buildCmd(job, in);
    Progress cb = new Progress(log);
    boolean finished;
    try {
      cmd.exec(cb);
      finished = cb.awaitCompletion(cfg.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      try {
        cb.close();
      } catch (IOException e) {
        // nothing more to read
      }
      in.close(); // unblocks the tar writer if the daemon stopped reading
      writer.join(10_000);
    }
    cb.flush();
    if (!finished) {
      throw new ImageBuildException("engine build timed out after " + cfg.timeout());
    }
    if (cb.error.get() != null) {
      throw new ImageBuildException("engine build failed: " + cb.error.get().trim());
    }
    Throwable te = tarError.get();
    if (te != null && cb.imageId.get() == null) {
      throw new ImageBuildException("could not send the build context: " + te);
    }
    Optional<ImageInfo> info = engine.inspectImage(job.refs().get(0));
    if (info.isEmpty()) {
      throw new ImageBuildException(
          "engine build finished but " + job.refs().get(0) + " is not in the daemon");
    }
    return new BuiltImage(info.get().id(), null, true, false);
  }

  /** Streams the context as a tar (with the rewritten Dockerfile) on its own daemon thread. */
  private static Thread contextWriter(
      ImageSpec s,
      DockerIgnore ignore,
      String dockerfile,
      PipedOutputStream out,
      AtomicReference<Throwable> tarError) {
    Thread writer =
        new Thread(
            () -> {
              try (out) {
                ContextTar.write(s.context(), ignore, generatedFiles(s.context(), dockerfile), out);
              } catch (Throwable t) {
                tarError.set(t);
              }
            },
            "buildgate-context-tar-" + s.name());
    writer.setDaemon(true);
    writer.start();
    return writer;
  }

  /** The daemon's build command: tags, labels, pull, cache, target, platform, build args. */
  private BuildImageCmd buildCmd(ImageJob job, PipedInputStream in)
      throws DockerUnavailableException {
    ImageSpec s = job.spec();
    BuildImageCmd cmd =
        engine
            .client()
            .buildImageCmd()
            .withTarInputStream(in)
            .withDockerfilePath(GENERATED)
            .withTags(new LinkedHashSet<>(job.refs()))
            .withLabels(job.labels())
            .withPull(s.pull() == BuildxCommand.Pull.ALWAYS)
            .withNoCache(cfg.noCache())
            .withRemove(true)
            .withForcerm(true);
    if (s.target() != null && !s.target().isBlank()) {
      cmd = cmd.withTarget(s.target());
    }
    if (s.platforms().size() == 1) {
      cmd = cmd.withPlatform(s.platforms().get(0));
    }
    for (Map.Entry<String, String> a : s.buildArgs().entrySet()) {
      cmd = cmd.withBuildArg(a.getKey(), a.getValue());
    }
    return cmd;
  }

  /** The daemon's build output: logged line by line; the first error and the image id kept. */
  private static final class Progress extends ResultCallback.Adapter<BuildResponseItem> {
    private final ImageLog log;
    final AtomicReference<String> error = new AtomicReference<>();
    final AtomicReference<String> imageId = new AtomicReference<>();
    private final StringBuilder partial = new StringBuilder();

    Progress(ImageLog log) {
      this.log = log;
    }

    @Override
    public void onNext(BuildResponseItem item) {
      if (item.getStream() != null) {
        synchronized (partial) {
          partial.append(item.getStream());
          int nl;
          while ((nl = partial.indexOf("\n")) >= 0) {
            log.line(partial.substring(0, nl));
            partial.delete(0, nl + 1);
          }
        }
      }
      if (item.isErrorIndicated()) {
        String msg =
            item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage()
                : "build error (no detail from the daemon)";
        error.compareAndSet(null, msg);
        log.line("ERROR: " + msg);
      }
      if (item.getImageId() != null) {
        imageId.set(item.getImageId());
      }
    }

    /** Logs the last line when it had no line break. */
    void flush() {
      synchronized (partial) {
        if (partial.length() > 0) {
          log.line(partial.toString());
        }
      }
    }
  }
}
