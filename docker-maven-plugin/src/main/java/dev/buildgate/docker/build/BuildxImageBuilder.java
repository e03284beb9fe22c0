package dev.buildgate.docker.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.ImageInfo;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.docker.DockerConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds with {@code docker buildx build} (BuildKit): named contexts, secrets, cache scopes. */
public final class BuildxImageBuilder implements ImageBuilder {

  private final BuildConfig cfg;
  private final ProcessRunner runner;
  private final DockerEngine engine;
  private final String driver;
  private final boolean exportCache;

  /**
   * Creates the builder.
   *
   * @param cfg the build configuration
   * @param runner runs the docker CLI
   * @param engine inspects loaded images
   * @param driver the buildx builder's driver ({@code docker}, {@code docker-container}, ...)
   * @param exportCache whether branch-scoped cache import/export is used
   */
  public BuildxImageBuilder(
      BuildConfig cfg,
      ProcessRunner runner,
      DockerEngine engine,
      String driver,
      boolean exportCache) {
    this.cfg = cfg;
    this.runner = runner;
    this.engine = engine;
    this.driver = driver;
    this.exportCache = exportCache;
  }

  @Override
  public String kind() {
    return "buildx";
  }

  @Override
  public void check(ImageJob job) throws DockerConfigException {
    boolean dockerDriver = "docker".equals(driver);
    for (Map.Entry<String, ContextRef> e : job.contexts().entrySet()) {
      if (e.getValue().kind() == ContextRef.Kind.IMAGE && !dockerDriver && !cfg.push()) {
        throw new DockerConfigException(
            "docker image '"
                + job.spec().name()
                + "': context '"
                + e.getKey()
                + "' is image '"
                + e.getValue().image()
                + "' of this build, but buildx builder '"
                + (cfg.buildxBuilder() == null ? "(current)" : cfg.buildxBuilder())
                + "' (driver "
                + driver
                + ") cannot see images loaded into the daemon. Fix: set <push>true</push> with a"
                + " <registry> so dependents read the pushed base, or use a docker-driver builder.");
      }
    }
    for (SecretSpec s : job.spec().secrets()) {
      if (s.id() == null || s.id().isBlank() || (s.env() == null) == (s.file() == null)) {
        throw new DockerConfigException(
            "docker image '"
                + job.spec().name()
                + "': every <secret> needs an <id> and exactly one of <env> or <file>.");
      }
      if (s.env() != null && !cfg.env().containsKey(s.env())) {
        throw new DockerConfigException(
            "docker image '"
                + job.spec().name()
                + "': secret '"
                + s.id()
                + "' reads environment variable "
                + s.env()
                + ", which is not set. Fix: export "
                + s.env()
                + " before the build.");
      }
      if (s.file() != null && !Files.isRegularFile(cfg.baseDir().resolve(s.file()))) {
        throw new DockerConfigException(
            "docker image '"
                + job.spec().name()
                + "': secret '"
                + s.id()
                + "' file "
                + cfg.baseDir().resolve(s.file())
                + " does not exist.");
      }
    }
  }

  /**
   * The argv for an image (for tests and logs).
   *
   * @param job the image
   * @return the command
   */
  public BuildxCommand command(ImageJob job) {
    ImageSpec s = job.spec();
    BuildxCommand.Builder b =
        BuildxCommand.builder(s.context().toString())
            .docker(cfg.docker())
            .builder(cfg.buildxBuilder())
            .file(s.dockerfile().toString())
            .target(s.target())
            .platforms(s.platforms())
            .pull(s.pull())
            .noCache(cfg.noCache())
            .tags(job.refs());
    for (Map.Entry<String, ContextRef> e : job.contexts().entrySet()) {
      ContextRef r = e.getValue();
      String value =
          switch (r.kind()) {
            case IMAGE -> "docker-image://" + job.dependencies().get(r.image()).primaryRef();
            case DIRECTORY -> r.directory().toString();
            case SOURCE -> r.source();
          };
      b.buildContext(e.getKey(), value);
    }
    if (cfg.sourceDate() != null) {
      // BuildKit sets the image's created time and history from it; the image's own value wins
      b.buildArg("SOURCE_DATE_EPOCH", Long.toString(cfg.sourceDate().getEpochSecond()));
      b.rewriteTimestamp(true);
    }
    s.buildArgs().forEach(b::buildArg);
    job.labels().forEach(b::label);
    for (SecretSpec sec : s.secrets()) {
      if (sec.env() != null) {
        b.secretEnv(sec.id(), sec.env());
      } else {
        b.secretFile(sec.id(), cfg.baseDir().resolve(sec.file()).toString());
      }
    }
    if (exportCache) {
      String type = "registry".equals(cfg.cache().type()) ? "registry" : "local";
      String location =
          "registry".equals(type)
              ? cacheRepository() + "/" + s.name()
              : cfg.cache().directory().resolve(s.name().replace('/', '_')).toString();
      b.cache(BuildxCommand.branchCache(type, location, cfg.branchScope(), cfg.defaultScope()));
    }
    b.metadataFile(metadataFile(s.name()).toString());
    b.output(cfg.push() ? BuildxCommand.Output.PUSH : BuildxCommand.Output.LOAD);
    return b.build();
  }

  private String cacheRepository() {
    String r = cfg.cache().repository();
    if (r != null && !r.isBlank()) {
      return r;
    }
    return cfg.imagePrefix().isEmpty() ? "cache" : cfg.imagePrefix() + "/cache";
  }

  private Path metadataFile(String name) {
    return cfg.outputDir().resolve(name.replace('/', '_') + ".metadata.json");
  }

  @Override
  public BuiltImage build(ImageJob job, ImageLog log) throws Exception {
    BuildxCommand cmd = command(job);
    Map<String, String> env = new LinkedHashMap<>(cfg.dockerEnv());
    for (SecretSpec s : job.spec().secrets()) {
      if (s.env() != null) {
        env.put(s.env(), cfg.env().get(s.env()));
      }
    }
    log.note("$ " + String.join(" ", cmd.argv()));
    Path meta = metadataFile(job.spec().name());
    Files.deleteIfExists(meta);
    ProcessResult r =
        cmd.run(runner, (stream, line) -> log.line(line), cfg.baseDir(), env, cfg.timeout());
    if (r.exitCode() != 0) {
      String last = lastError(log);
      throw new ImageBuildException(
          "docker buildx build exited with " + r.exitCode() + (last.isEmpty() ? "" : ": " + last));
    }
    String imageId = null;
    boolean loaded = false;
    if (!cfg.push() || "docker".equals(driver)) {
      Optional<ImageInfo> info = engine.inspectImage(job.refs().get(0));
      if (info.isPresent()) {
        imageId = info.get().id();
        loaded = true;
      }
    }
    String digest = null;
    // the metadata file only when the engine does not know the image or it was pushed (reading it
    // is the first use of an object mapper in most builds: a few hundred classes)
    if ((imageId == null || cfg.push()) && Files.isRegularFile(meta)) {
      JsonNode m = InputLimits.jsonMapper().readTree(meta.toFile());
      digest = m.path("containerimage.digest").asText(null);
      if (imageId == null) {
        imageId = m.path("containerimage.config.digest").asText(null);
      }
    }
    return new BuiltImage(imageId, cfg.push() ? digest : null, loaded, cfg.push());
  }

  static String lastError(ImageLog log) {
    String last = "";
    for (String l : log.tail()) {
      if (l.startsWith("ERROR") || l.contains("ERROR:") || l.contains("error:")) {
        last = l.trim();
      }
    }
    return last;
  }
}
