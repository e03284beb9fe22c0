package dev.buildgate.docker.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.ci.TagScheme;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.exec.Durations;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.build.BuildConfig;
import dev.buildgate.docker.build.CacheSettings;
import dev.buildgate.docker.build.DockerBuild;
import dev.buildgate.docker.build.ImageSpec;
import dev.buildgate.docker.build.SourceDate;
import dev.buildgate.docker.image.ImagesFile;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import dev.buildgate.maven.ReactorImages;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the configured images as a DAG (base first, independent images concurrently) with buildx,
 * or the engine's classic builder when buildx is missing. Writes {@code
 * target/buildgate/docker/images.json}.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildMojo extends AbstractDockerMojo {

  /** Skip this goal. */
  @Parameter(property = "buildgate.docker.build.skip", defaultValue = "false")
  boolean buildSkip;

  /** auto (buildx when present, else engine), buildx, engine. */
  @Parameter(property = "buildgate.docker.builder", defaultValue = "auto")
  String builder;

  /** A buildx builder name (docker-container, kubernetes or remote driver); default the current. */
  @Parameter(property = "buildgate.docker.buildxBuilder")
  String buildxBuilder;

  /** Push while building ({@code --push}) instead of loading into the daemon. */
  @Parameter(property = "buildgate.docker.build.push", defaultValue = "false")
  boolean push;

  /** How many independent images build at once. */
  @Parameter(property = "buildgate.docker.parallelism", defaultValue = "4")
  int parallelism = 4; // Maven injects the same default; a mojo built by hand (tests) matches it

  /** Cache settings. */
  @Parameter Cache cache;

  /** Add the OCI labels (source, revision, created, version). */
  @Parameter(property = "buildgate.docker.ociLabels", defaultValue = "true")
  boolean ociLabels;

  /** Labels every image gets (on top of the OCI labels; an image's own labels win). */
  @Parameter Map<String, String> labels = new LinkedHashMap<>();

  /** Build without cache. */
  @Parameter(property = "buildgate.docker.noCache", defaultValue = "false")
  boolean noCache;

  /**
   * The fixed time of a reproducible build (ISO-8601 with offset, or seconds since the epoch),
   * default Maven's {@code project.build.outputTimestamp}; when unset, the {@code
   * SOURCE_DATE_EPOCH} environment variable. With it, the created label is that time, and buildx
   * gets it as the {@code SOURCE_DATE_EPOCH} build argument with {@code rewrite-timestamp=true}, so
   * the image's created time and its layers' file times are fixed (BuildKit builders; the docker
   * driver and the engine builder fix only the label, and the docker driver also the created time).
   */
  @Parameter(defaultValue = "${project.build.outputTimestamp}")
  String outputTimestamp;

  /**
   * Per image build timeout ({@code 30m}, {@code 1h}, {@code PT45M}; a plain number is seconds).
   */
  @Parameter(property = "buildgate.docker.build.timeout", defaultValue = "30m")
  String timeout;

  @Override
  protected String goal() {
    return "build";
  }

  @Override
  protected boolean goalSkipped() {
    return buildSkip;
  }

  @Override
  protected void skipped(String property) {
    summary(
        DockerBuild.SECTION_ID,
        DockerBuild.SECTION_TITLE,
        StepStatus.SKIPPED,
        "Skipped (-D" + property + ").");
    ReactorImages.recordSkipped(project);
  }

  /** Builds the images in order: later goals use them. */
  @Override
  protected void run()
      throws MojoExecutionException,
          DockerConfigException,
          DockerUnavailableException,
          GateFailedException,
          IOException {
    BuildConfig cfg = config();
    GateLog log = gateLog();
    try (DockerEngine engine = engine(System.getenv())) {
      ImagesFile out = new DockerBuild(cfg, engine, new LocalProcessRunner(), log).run();
      ReactorImages.recordBuilt(
          project, out.images().stream().flatMap(i -> i.refs().stream()).toList());
      out.images()
          .forEach(
              i ->
                  getLog()
                      .info(
                          String.format(
                              Locale.ROOT,
                              "docker: %-20s %-10s %s",
                              i.name(),
                              i.status(),
                              String.join(" ", i.refs()))));
      getLog().info("docker: wrote " + cfg.outputDir().resolve(ImagesFile.FILE_NAME));
    }
  }

  BuildConfig config() throws MojoExecutionException, DockerConfigException {
    boolean offline = MavenRules.offline(session);
    if (offline && push) {
      throw new MojoExecutionException(
          Network.offlineRefusal(
              "docker:build", "push the images to the registry (<push>true</push>)"));
    }
    CiContext ctx = ciContext();
    List<String> tags;
    try {
      tags = TagScheme.tags(ctx);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    Duration buildTimeout;
    try {
      buildTimeout = Durations.parsePositive("<timeout> (buildgate.docker.build.timeout)", timeout);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    String prefix = resolvedPrefix(ctx);
    Path base = basedir();
    List<ImageSpec> specs = new ArrayList<>();
    for (Image i : images) {
      specs.add(i.toSpec(base, offline));
    }
    Instant sourceDate = SourceDate.resolve(outputTimestamp, System.getenv());
    BuildConfig.parallelism(parallelism);
    Cache c = cache == null ? new Cache() : cache;
    Path cacheDir =
        c.directory == null || c.directory.isBlank()
            ? outputDirectory.toPath().resolve("cache")
            : base.resolve(c.directory);
    String branchScope =
        ctx.isPullRequest()
            ? "pr-" + ctx.pullRequest()
            : ctx.branch() != null
                ? TagScheme.sanitize(ctx.branch())
                : TagScheme.sanitize(ctx.defaultBranch());
    String defaultScope = TagScheme.sanitize(ctx.defaultBranch());
    Map<String, String> labels = new LinkedHashMap<>();
    if (ociLabels) {
      labels.putAll(ociLabels(ctx, sourceDate));
    }
    if (this.labels != null) {
      labels.putAll(this.labels);
    }
    return new BuildConfig(
        base,
        specs,
        outputDirectory.toPath(),
        buildgateDirectory.toPath(),
        registry,
        prefix,
        tags,
        branchScope,
        defaultScope,
        builder,
        buildxBuilder == null || buildxBuilder.isBlank() ? null : buildxBuilder,
        push,
        parallelism,
        new CacheSettings(
            c.type == null ? "auto" : c.type.trim().toLowerCase(Locale.ROOT),
            cacheDir,
            c.repository),
        labels,
        dockerExecutable,
        System.getenv(),
        buildTimeout,
        noCache,
        sourceDate,
        BuildgateMaven.buildId(session));
  }

  /** The OCI labels: source, revision, created (the source date when set) and version. */
  private Map<String, String> ociLabels(CiContext ctx, Instant sourceDate) {
    Map<String, String> labels = new LinkedHashMap<>();
    String source = null;
    if (project.getScm() != null && project.getScm().getUrl() != null) {
      source = project.getScm().getUrl();
    } else if (project.getUrl() != null) {
      source = project.getUrl();
    }
    if (source != null) {
      labels.put("org.opencontainers.image.source", source);
    }
    if (ctx.sha() != null) {
      labels.put("org.opencontainers.image.revision", ctx.sha());
    }
    labels.put(
        DockerBuild.CREATED_LABEL,
        (sourceDate != null ? sourceDate : Instant.now().truncatedTo(ChronoUnit.SECONDS))
            .toString());
    labels.put("org.opencontainers.image.version", project.getVersion());
    return labels;
  }
}
