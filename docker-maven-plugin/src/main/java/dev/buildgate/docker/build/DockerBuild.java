package dev.buildgate.docker.build;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.ImageInfo;
import dev.buildgate.core.exec.DaemonPool;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.DockerGateException;
import dev.buildgate.docker.DockerLog;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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
  private final DockerLog log;

  /**
   * Creates the build.
   *
   * @param cfg the configuration
   * @param engine the daemon
   * @param runner runs the docker CLI
   * @param log the build log
   */
  public DockerBuild(BuildConfig cfg, DockerEngine engine, ProcessRunner runner, DockerLog log) {
    this.cfg = cfg;
    this.engine = engine;
    this.runner = runner;
    this.log = log;
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
   * @throws DockerGateException when an image failed (the message lists failed and skipped images)
   * @throws IOException when outputs cannot be written
   */
  public ImagesFile run()
      throws DockerConfigException, DockerUnavailableException, DockerGateException, IOException {
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
    summary(file, Duration.between(started, Instant.now()));
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
    UpToDateStore store = new UpToDateStore(cfg.buildgateDir().resolve("state").resolve("docker"));
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
      throws DockerConfigException, DockerUnavailableException, DockerGateException {
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
      throw new DockerGateException(
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
      String fp = fingerprint(job, cfg.builder() == null ? "auto" : cfg.builder());
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

  /**
   * The up-to-date fingerprint: Dockerfile, context files after .dockerignore, args, target,
   * platforms, labels (except the creation time), secrets' ids, named contexts (an image of this
   * build by its id/digest, a directory by its content), refs, builder and output.
   */
  String fingerprint(ImageJob job, String builderKind) throws IOException {
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
              if (!CREATED_LABEL.equals(k)) {
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

  /** Context digests of this build: images sharing a context directory read it once. */
  private final Map<Path, CompletableFuture<String>> contextDigests = new ConcurrentHashMap<>();

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

  ImageBuilder chooseBuilder() throws DockerConfigException, DockerUnavailableException {
    String want = cfg.builder() == null ? "auto" : cfg.builder();
    if ("engine".equals(want)) {
      log.info("docker: engine (classic) builder via docker-java, as configured");
      if (cfg.push()) {
        throw new DockerConfigException(
            "docker-maven-plugin: <push>true</push> (push while building) needs buildx; with"
                + " builder=engine run docker:push after docker:build instead.");
      }
      return new EngineImageBuilder(cfg, engine);
    }
    if (!"auto".equals(want) && !"buildx".equals(want)) {
      throw new DockerConfigException(
          "docker-maven-plugin: <builder>"
              + want
              + "</builder> is not one of auto, buildx, engine"
              + " (pick a buildx builder with <buildxBuilder>).");
    }
    String version = BuildxCommand.version(runner, cfg.docker(), cfg.dockerEnv());
    if (version == null) {
      if ("buildx".equals(want)) {
        throw new DockerConfigException(
            "docker-maven-plugin: builder=buildx but `"
                + cfg.docker()
                + " buildx version` failed."
                + " Fix: install the docker buildx plugin (Debian: docker-buildx) or set"
                + " <builder>engine</builder>.");
      }
      log.warn(
          "docker: buildx not found (`"
              + cfg.docker()
              + " buildx version` failed); using the"
              + " engine (classic) builder: no secrets, no cache export, image contexts only");
      return new EngineImageBuilder(cfg, engine);
    }
    String driver =
        BuildxCommand.driver(runner, cfg.docker(), cfg.buildxBuilder(), cfg.dockerEnv());
    if (driver == null) {
      throw new DockerConfigException(
          "docker-maven-plugin: buildx builder '"
              + (cfg.buildxBuilder() == null ? "(current)" : cfg.buildxBuilder())
              + "' not found (`docker buildx inspect` failed). Fix: `docker buildx ls`, then set"
              + " <buildxBuilder> to an existing builder or create one with `docker buildx create`.");
    }
    String type = cfg.cache() == null ? "auto" : cfg.cache().type();
    boolean export = cacheExport(type, !"docker".equals(driver));
    log.info(
        "docker: "
            + version
            + ", builder "
            + (cfg.buildxBuilder() == null ? "(current)" : cfg.buildxBuilder())
            + " (driver "
            + driver
            + ")"
            + (export
                ? ", cache "
                    + ("registry".equals(type) ? "registry" : "local")
                    + " scope "
                    + cfg.branchScope()
                    + " (fallback "
                    + cfg.defaultScope()
                    + ")"
                : ""));
    return new BuildxImageBuilder(cfg, runner, engine, driver, export);
  }

  /**
   * Whether the build exports its cache: the cache type asks for it and the buildx builder's driver
   * can.
   *
   * @param type the configured cache type: auto, local, registry or none
   * @param canExport the builder's driver can export cache (not the docker driver)
   * @throws DockerConfigException for an unknown type, or an export the builder cannot do
   */
  private boolean cacheExport(String type, boolean canExport) throws DockerConfigException {
    boolean export;
    if ("none".equals(type)) {
      export = false;
    } else if ("auto".equals(type)) {
      export = canExport;
      if (!canExport) {
        log.info(
            "docker: cache: buildx builder uses the docker driver, which cannot export cache;"
                + " the daemon's own layer cache is used (a docker-container or remote builder enables"
                + " branch-scoped cache)");
      }
    } else if ("local".equals(type) || "registry".equals(type)) {
      if (!canExport) {
        throw new DockerConfigException(
            "docker-maven-plugin: <cache><type>"
                + type
                + "</type> needs a buildx builder that can"
                + " export cache, but builder '"
                + (cfg.buildxBuilder() == null ? "(current)" : cfg.buildxBuilder())
                + "' uses the docker driver. Fix: `docker buildx create --name ci --driver"
                + " docker-container` (or remote) and set <buildxBuilder>ci</buildxBuilder>, or set"
                + " <cache><type>auto</type>.");
      }
      export = true;
    } else {
      throw new DockerConfigException(
          "docker-maven-plugin: <cache><type>"
              + type
              + "</type> is not one of auto, local, registry, none.");
    }
    return export;
  }

  private void summary(ImagesFile file, Duration took) {
    StringBuilder md = new StringBuilder();
    md.append("| image | status | refs | digest / id | size | build time | cache |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (ImageResult r : file.images()) {
      md.append("| ")
          .append(r.name())
          .append(" | ")
          .append(r.status())
          .append(" | ")
          .append(String.join("<br>", r.refs().stream().map(x -> "`" + x + "`").toList()))
          .append(" | ")
          .append(
              r.digest() != null
                  ? "`" + r.digest() + "`"
                  : r.imageId() != null ? "`" + shortId(r.imageId()) + "`" : "")
          .append(" | ")
          .append(
              r.size() > 0 ? String.format(java.util.Locale.ROOT, "%.1f MB", r.size() / 1e6) : "")
          .append(" | ")
          .append(
              r.status() == ImageResult.Status.BUILT
                  ? String.format(java.util.Locale.ROOT, "%.1f s", r.durationMillis() / 1000.0)
                  : "")
          .append(" | ")
          .append(
              r.cache().steps() > 0 ? r.cache().cached() + "/" + r.cache().steps() + " cached" : "")
          .append(" |\n");
      if (r.error() != null) {
        md.append("\n").append(r.name()).append(": ").append(r.error()).append("\n\n");
      }
    }
    md.append("\nbuilder: ")
        .append(file.builder())
        .append(", wall time ")
        .append(String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0))
        .append('\n');
    boolean allUpToDate =
        file.images().stream().allMatch(r -> r.status() == ImageResult.Status.UP_TO_DATE);
    StepStatus st =
        !file.success()
            ? StepStatus.FAILED
            : allUpToDate ? StepStatus.UP_TO_DATE : StepStatus.PASSED;
    try {
      new PipelineSummary(cfg.buildgateDir()).section(SECTION_ID, SECTION_TITLE, st, md.toString());
    } catch (RuntimeException e) {
      log.warn("docker: could not write the pipeline summary: " + e.getMessage());
    }
  }

  private static String shortId(String id) {
    String h = id.startsWith("sha256:") ? id.substring(7) : id;
    return "sha256:" + h.substring(0, Math.min(12, h.length()));
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
