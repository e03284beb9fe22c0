package dev.buildgate.docker.build;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.state.SharedAnswers;
import dev.buildgate.docker.DockerConfigException;
import java.util.List;

/**
 * Which builder docker:build uses: the configured one, else buildx when its plugin answers (with
 * cache export when the buildx builder's driver can), else the engine (classic) builder.
 */
final class BuilderChoice {

  /**
   * What {@code docker buildx} answered, by build, docker executable, builder and docker
   * environment: the modules of one reactor ask once (a module that asks while another's question
   * is under way waits for that answer). Answers of earlier builds are dropped (a long-lived JVM).
   */
  private static final SharedAnswers<List<Object>, Probe> PROBES = new SharedAnswers<>(64);

  /**
   * The answers.
   *
   * @param buildx whether {@code docker buildx} works
   * @param driver the builder's driver, or null when the builder does not exist
   */
  private record Probe(boolean buildx, String driver) {}

  private final BuildConfig cfg;
  private final DockerEngine engine;
  private final ProcessRunner runner;
  private final GateLog log;

  BuilderChoice(BuildConfig cfg, DockerEngine engine, ProcessRunner runner, GateLog log) {
    this.cfg = cfg;
    this.engine = engine;
    this.runner = runner;
    this.log = log;
  }

  ImageBuilder choose() throws DockerConfigException, DockerUnavailableException {
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
    Probe probe = probe();
    String driver = probe.driver();
    if (!probe.buildx()) {
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
        "docker: buildx builder "
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

  /** The answers of this build's first question with the same key, else new ones. */
  private Probe probe() {
    String build = cfg.buildId();
    if (build == null) {
      return ask();
    }
    PROBES.retain(k -> build.equals(k.get(0)));
    return PROBES.get(
        List.of(build, cfg.docker(), String.valueOf(cfg.buildxBuilder()), cfg.dockerEnv()),
        this::ask);
  }

  /**
   * Asks {@code buildx inspect} for the builder's driver; only when that fails, {@code buildx
   * version} tells a missing buildx from a missing builder. Each is a docker CLI start (two Go
   * processes: 0.05 s on an idle machine, 0.2-0.6 s while analyzers and the JVM's own start-up take
   * the CPUs), on the way to every image build.
   */
  private Probe ask() {
    String driver =
        BuildxCommand.driver(runner, cfg.docker(), cfg.buildxBuilder(), cfg.dockerEnv());
    if (driver != null) {
      return new Probe(true, driver);
    }
    return new Probe(BuildxCommand.version(runner, cfg.docker(), cfg.dockerEnv()) != null, null);
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
}
