package dev.buildgate.docker.build;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.ImageInfo;
import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * {@code docker:build}: builds the images as a DAG. Images wait for the images of this build they
 * use as named contexts (or {@code dependsOn}); independent images build concurrently (bounded by
 * {@code parallelism}); a failed image marks its dependents SKIPPED. Unchanged images that still
 * exist are not rebuilt. Writes {@code images.json}, one log per image and a summary section.
 */
public final class DockerBuild {

  /** The build's section in the pipeline summary. */
  public static final String SECTION_ID = "docker-build";

  /** The build's section title in the pipeline summary. */
  public static final String SECTION_TITLE = "Docker images";

  /** Label key that excludes a default label from the up-to-date fingerprint (it changes). */
  public static final String CREATED_LABEL = "org.opencontainers.image.created";

  private final BuildConfig cfg;
  private final DockerEngine engine;
  private final ProcessRunner runner;
  private final GateLog log;
  private final BuildFingerprint fingerprints;

  /** The state directory of docker:build: image records and the contexts' content-hash caches. */
  private static Path stateDir(BuildConfig cfg) {
    return cfg.buildgateDir().resolve("state").resolve("docker");
  }

  /**
   * Creates the build.
   *
   * @param cfg the configuration
   * @param engine the daemon
   * @param runner runs the docker CLI
   * @param log the build log
   */
  public DockerBuild(BuildConfig cfg, DockerEngine engine, ProcessRunner runner, GateLog log) {
    this.cfg = cfg;
    this.engine = engine;
    this.runner = runner;
    this.log = log;
    this.fingerprints = new BuildFingerprint(cfg, stateDir(cfg));
  }

  /**
   * The builder this build uses (see {@link BuilderChoice}).
   *
   * @throws DockerConfigException when the configured builder cannot be used
   * @throws DockerUnavailableException when no daemon answers
   */
  ImageBuilder chooseBuilder() throws DockerConfigException, DockerUnavailableException {
    return new BuilderChoice(cfg, engine, runner, log).choose();
  }

  /**
   * The refs of an image: its repository with every CI tag, plus extra tags.
   *
   * @param cfg the configuration
   * @param spec the image
   * @return refs, first one primary
   */
  public static List<String> refs(BuildConfig cfg, ImageSpec spec) {
    String repo = cfg.repository(spec.name());
    LinkedHashSet<String> refs = new LinkedHashSet<>();
    List<String> tags = cfg.tags().isEmpty() ? List.of("latest") : cfg.tags();
    for (String t : tags) {
      refs.add(repo + ":" + t);
    }
    for (String t : spec.tags()) {
      refs.add(t.contains(":") || t.contains("/") ? t : repo + ":" + t);
    }
    return List.copyOf(refs);
  }

  /**
   * Runs the build.
   *
   * @return the images file that was written
   * @throws DockerConfigException on a configuration error
   * @throws DockerUnavailableException when no daemon answers
   * @throws GateFailedException when an image failed (the message lists failed and skipped images)
   * @throws IOException when outputs cannot be written
   */
  public ImagesFile run()
      throws DockerConfigException, DockerUnavailableException, GateFailedException, IOException {
    ImageGraph graph = ImageGraph.of(cfg.images(), cfg.baseDir());
    engine.ping();
    Files.createDirectories(cfg.outputDir());
    Path imagesJson = cfg.outputDir().resolve(ImagesFile.FILE_NAME);
    Optional<ImagesFile> previous = Optional.empty();
    try {
      previous = ImagesFile.read(imagesJson);
    } catch (IOException e) {
      log.warn("ignoring unreadable " + imagesJson + ": " + e.getMessage());
    }
    Lazy<ImageBuilder> builder = new Lazy<>(this::chooseBuilder);
    Instant started = Instant.now();
    List<ImageResult> ordered = buildAll(graph, builder, previous);
    boolean success = ordered.stream().allMatch(r -> r.status().ok());
    String builderKind =
        builder.isSet() && builder.value() != null
            ? builder.value().kind()
            : previous.map(ImagesFile::builder).orElse("none");
    ImagesFile file =
        new ImagesFile(
            1,
            Instant.now().toString(),
            builderKind,
            cfg.registry(),
            cfg.imagePrefix(),
            success,
            ordered);
    file.write(imagesJson);
    BuildSummary.write(cfg, file, Duration.between(started, Instant.now()), log);
    verdict(ordered, builder);
    return file;
  }

  /**
   * Builds every image of the graph on the pool, each once the images it depends on are done.
   *
   * @return the results in build order
   */
  private List<ImageResult> buildAll(
      ImageGraph graph, Lazy<ImageBuilder> builder, Optional<ImagesFile> previous) {
    UpToDateStore store = new UpToDateStore(stateDir(cfg));
    Map<String, List<String>> refs = new LinkedHashMap<>();
    for (String n : graph.order()) {
      refs.put(n, refs(cfg, graph.image(n)));
    }
    ExecutorService pool = DaemonPool.fixed(cfg.parallelism(), "buildgate-docker-build");
    Map<String, CompletableFuture<ImageResult>> futures = new LinkedHashMap<>();
    Map<String, ImageResult> results = new ConcurrentHashMap<>();
    try {
      for (String n : graph.order()) {
        List<CompletableFuture<ImageResult>> deps = new ArrayList<>();
        for (String d : graph.dependencies(n)) {
          deps.add(futures.get(d));
        }
        CompletableFuture<ImageResult> f =
            CompletableFuture.allOf(deps.toArray(new CompletableFuture<?>[0]))
                .thenApplyAsync(
                    v -> {
                      ImageResult r = buildOne(graph, n, refs, results, builder, store, previous);
                      results.put(n, r);
                      return r;
                    },
                    pool);
        futures.put(n, f);
      }
      CompletableFuture.allOf(futures.values().toArray(new CompletableFuture<?>[0])).join();
    } finally {
      pool.shutdownNow();
    }
    List<ImageResult> ordered = new ArrayList<>();
    for (String n : graph.order()) {
      ordered.add(results.get(n));
    }
    return ordered;
  }

  /**
   * Throws when the builder could not be chosen, an image's configuration is invalid, or an image
   * failed or was skipped.
   */
  private void verdict(List<ImageResult> ordered, Lazy<ImageBuilder> builder)
      throws DockerConfigException, DockerUnavailableException, GateFailedException {
    if (builder.error() != null) {
      Exception e = builder.error();
      if (e instanceof DockerConfigException dce) {
        throw dce;
      }
      if (e instanceof DockerUnavailableException due) {
        throw due;
      }
    }
    List<String> configErrors = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (ImageResult r : ordered) {
      if (r.status() == ImageResult.Status.FAILED) {
        if (r.error() != null && r.error().startsWith(CONFIG_PREFIX)) {
          configErrors.add(r.error().substring(CONFIG_PREFIX.length()));
        } else {
          failed.add(
              r.name() + " (" + r.error() + "; log: " + cfg.outputDir().resolve(r.log()) + ")");
        }
      } else if (r.status() == ImageResult.Status.SKIPPED) {
        skipped.add(r.name());
      }
    }
    if (!configErrors.isEmpty()) {
      throw new DockerConfigException(String.join("\n", configErrors));
    }
    if (!failed.isEmpty() || !skipped.isEmpty()) {
      throw new GateFailedException(
          "docker:build failed: "
              + failed.size()
              + " image(s) failed: "
              + String.join(", ", failed)
              + (skipped.isEmpty()
                  ? ""
                  : "; skipped because a dependency failed: " + String.join(", ", skipped)));
    }
  }

  /**
   * The previous build's result when the image it recorded still carries every ref: the image is
   * not rebuilt.
   */
  private Optional<ImageResult> upToDate(
      ImageJob job,
      List<String> deps,
      String logName,
      String fp,
      ImageLog ilog,
      Optional<ImagesFile> previous)
      throws DockerUnavailableException {
    ImageSpec spec = job.spec();
    List<String> refs = job.refs();
    Optional<ImageResult> prev = previous.flatMap(p -> p.image(spec.name()));
    if (prev.isEmpty() || prev.get().imageId() == null || !allRefsAt(refs, prev.get().imageId())) {
      return Optional.empty();
    }
    ImageResult p = prev.get();
    ilog.note(
        "up to date: inputs unchanged and "
            + refs.get(0)
            + " ("
            + p.imageId()
            + ") exists; not rebuilt");
    return Optional.of(
        result(
            spec,
            refs,
            deps,
            p.imageId(),
            p.digest(),
            p.size(),
            0,
            ImageResult.Status.UP_TO_DATE,
            p.cache(),
            true,
            p.pushed(),
            logName,
            null,
            fp));
  }

  /** Builds the image with the chosen builder and records its inputs. */
  private ImageResult build(
      ImageBuilder b,
      ImageJob job,
      List<String> deps,
      String logName,
      String fp,
      ImageLog ilog,
      UpToDateStore store,
      long t0)
      throws Exception {
    ImageSpec spec = job.spec();
    List<String> refs = job.refs();
    b.check(job);
    store.invalidate(spec.name());
    ilog.note(
        "building "
            + refs.get(0)
            + (deps.isEmpty() ? "" : " (after " + String.join(", ", deps) + ")"));
    BuiltImage built = b.build(job, ilog);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long size = 0;
    if (built.loaded()) {
      size = engine.inspectImage(refs.get(0)).map(ImageInfo::size).orElse(0L);
    }
    ImageResult.Cache cache = ilog.cache();
    ilog.note(
        "built "
            + refs.get(0)
            + " in "
            + ms
            + " ms ("
            + cache.cached()
            + "/"
            + cache.steps()
            + " steps cached)");
    store.record(spec.name(), fp);
    return result(
        spec,
        refs,
        deps,
        built.imageId(),
        built.digest(),
        size,
        ms,
        ImageResult.Status.BUILT,
        cache,
        built.loaded(),
        built.pushed(),
        logName,
        null,
        fp);
  }

  private static final String CONFIG_PREFIX = "configuration: ";

  private ImageResult buildOne(
      ImageGraph graph,
      String name,
      Map<String, List<String>> allRefs,
      Map<String, ImageResult> results,
      Lazy<ImageBuilder> builder,
      UpToDateStore store,
      Optional<ImagesFile> previous) {
    ImageSpec spec = graph.image(name);
    List<String> refs = allRefs.get(name);
    String logName = ImageLog.fileName(name);
    List<String> deps = graph.dependencies(name);
    Map<String, ImageResult> depResults = new LinkedHashMap<>();
    for (String d : deps) {
      ImageResult r = results.get(d);
      depResults.put(d, r);
      if (r == null || !r.status().ok()) {
        String why = "dependency '" + d + "' " + (r == null ? "did not run" : r.status());
        log.warn("[" + name + "] SKIPPED: " + why);
        return notBuilt(spec, refs, deps, 0, ImageResult.Status.SKIPPED, logName, why);
      }
    }
    Map<String, String> labels = new LinkedHashMap<>(cfg.defaultLabels());
    labels.putAll(spec.labels());
    ImageJob job = new ImageJob(spec, refs, graph.contexts(name), depResults, labels);
    long t0 = System.nanoTime();
    try (ImageLog ilog = new ImageLog(name, cfg.outputDir().resolve(logName), log)) {
      String fp = fingerprints.of(job, cfg.builder() == null ? "auto" : cfg.builder());
      if (!cfg.push() && store.isUpToDate(name, fp)) {
        Optional<ImageResult> same = upToDate(job, deps, logName, fp, ilog, previous);
        if (same.isPresent()) {
          return same.get();
        }
      }
      ImageBuilder b = builder.get();
      if (b == null) {
        return notBuilt(
            spec,
            refs,
            deps,
            0,
            ImageResult.Status.FAILED,
            logName,
            CONFIG_PREFIX + builder.error().getMessage());
      }
      return build(b, job, deps, logName, fp, ilog, store, t0);
    } catch (DockerConfigException e) {
      log.warn("[" + name + "] " + e.getMessage());
      return notBuilt(
          spec, refs, deps, 0, ImageResult.Status.FAILED, logName, CONFIG_PREFIX + e.getMessage());
    } catch (ImageBuildException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      log.warn("[" + name + "] FAILED: " + e.getMessage());
      return notBuilt(spec, refs, deps, ms, ImageResult.Status.FAILED, logName, e.getMessage());
    } catch (Exception e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      log.warn("[" + name + "] FAILED: " + msg);
      return notBuilt(
          spec,
          refs,
          deps,
          ms,
          ImageResult.Status.FAILED,
          logName,
          msg.lines().findFirst().orElse(msg));
    }
  }

  private boolean allRefsAt(List<String> refs, String imageId) throws DockerUnavailableException {
    for (String r : refs) {
      Optional<ImageInfo> i = engine.inspectImage(r);
      if (i.isEmpty() || !imageId.equals(i.get().id())) {
        return false;
      }
    }
    return true;
  }

  /** An image that was not built (skipped or failed): no id, digest, size or cache. */
  private static ImageResult notBuilt(
      ImageSpec spec,
      List<String> refs,
      List<String> deps,
      long ms,
      ImageResult.Status status,
      String log,
      String error) {
    return result(
        spec, refs, deps, null, null, 0, ms, status, null, false, false, log, error, null);
  }

  private static ImageResult result(
      ImageSpec spec,
      List<String> refs,
      List<String> deps,
      String id,
      String digest,
      long size,
      long ms,
      ImageResult.Status status,
      ImageResult.Cache cache,
      boolean loaded,
      boolean pushed,
      String log,
      String error,
      String fp) {
    return new ImageResult(
        spec.name(),
        refs.get(0),
        refs,
        id,
        digest,
        size,
        ms,
        status,
        cache,
        loaded,
        pushed,
        deps,
        spec.platforms(),
        log,
        error,
        fp);
  }

  /** Computes a value once, remembering a failure. */
  static final class Lazy<T> {
    interface Source<T> {
      T get() throws Exception;
    }

    private final Source<T> source;
    private boolean set;
    private T value;
    private Exception error;

    Lazy(Source<T> source) {
      this.source = source;
    }

    synchronized T get() {
      if (!set) {
        set = true;
        try {
          value = source.get();
        } catch (Exception e) {
          error = e;
        }
      }
      return value;
    }

    synchronized boolean isSet() {
      return set;
    }

    synchronized T value() {
      return value;
    }

    synchronized Exception error() {
      return error;
    }
  }
}
