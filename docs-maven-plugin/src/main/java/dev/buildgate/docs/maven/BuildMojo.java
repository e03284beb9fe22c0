package dev.buildgate.docs.maven;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.net.Network;
import dev.buildgate.docs.DocsSection;
import dev.buildgate.docs.openapi.OpenApiOptions;
import dev.buildgate.docs.site.BuildConfig;
import dev.buildgate.docs.site.DocsBuilder;
import dev.buildgate.docs.site.GeneratorOptions;
import dev.buildgate.maven.BackgroundGates;
import java.io.File;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Builds the documentation site: stages the docs, injects the OpenAPI spec, runs MkDocs (strict) or
 * another generator. Skipped when no watched path changed since the merge base with the default
 * branch, or when the inputs are unchanged since the last successful build.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class BuildMojo extends AbstractDocsMojo {

  /** Skips docs:build. */
  @Parameter(property = "buildgate.docs.build.skip", defaultValue = "false")
  private boolean buildSkip;

  /** Builds even when the change filter or the up-to-date check would skip. */
  @Parameter(property = "buildgate.docs.force", defaultValue = "false")
  private boolean force;

  /** The docs directory (MkDocs docs_dir). */
  @Parameter(property = "buildgate.docs.directory", defaultValue = "${project.basedir}/docs")
  private File docsDirectory;

  /** The site config file. */
  @Parameter(property = "buildgate.docs.configFile", defaultValue = "${project.basedir}/mkdocs.yml")
  private File configFile;

  /** More files or directories the generator reads (e.g. overrides/), staged too. */
  @Parameter private List<File> additionalInputs;

  /**
   * The OpenAPI spec URL (http/https). May contain ${...} properties set earlier in the build, e.g.
   * by integration:up.
   */
  @Parameter(property = "buildgate.docs.openapi.url")
  private String openapiUrl;

  /** The OpenAPI spec file (instead of a URL). */
  @Parameter(property = "buildgate.docs.openapi.file")
  private File openapiFile;

  /** Where the spec goes, relative to the docs directory. */
  @Parameter(
      property = "buildgate.docs.openapi.target",
      defaultValue = OpenApiOptions.DEFAULT_TARGET)
  private String openapiTarget;

  /**
   * Connect/read timeout of one fetch attempt ({@code 30s}, {@code 1m}; a plain number is seconds).
   */
  @Parameter(property = "buildgate.docs.openapi.timeout", defaultValue = "30s")
  private String openapiTimeout;

  /** Fetch attempts, the first included (retried on connection errors, HTTP 408/429/5xx). */
  @Parameter(property = "buildgate.docs.openapi.attempts", defaultValue = "4")
  private int openapiAttempts;

  /** Pause between fetch attempts ({@code 2s}, {@code 500ms}; a plain number is seconds). */
  @Parameter(property = "buildgate.docs.openapi.retryDelay", defaultValue = "2s")
  private String openapiRetryDelay;

  /** Skip TLS certificate and host name checks (self-signed test stacks only). */
  @Parameter(property = "buildgate.docs.openapi.insecure", defaultValue = "false")
  private boolean openapiInsecure;

  /**
   * The largest OpenAPI spec accepted, in MB (fetched specs are streamed to disk and cut off
   * there).
   */
  @Parameter(property = "buildgate.docs.openapi.maxSize", defaultValue = "20")
  private int openapiMaxSize;

  /** servers entries merged into the spec (first). */
  @Parameter private List<Server> openapiServers;

  /** mkdocs | zensical | custom. */
  @Parameter(property = "buildgate.docs.generator", defaultValue = "mkdocs")
  private String generator;

  /** How the generator is found: AUTO (configured path, PATH, then uvx), PATH or UVX. */
  @Parameter(property = "buildgate.docs.generator.runner", defaultValue = "AUTO")
  private String generatorRunner;

  /** An explicit generator executable. */
  @Parameter(property = "buildgate.docs.generator.executable")
  private File generatorExecutable;

  /** The pinned generator package for uvx (default mkdocs==1.6.1 / zensical==0.0.73). */
  @Parameter(property = "buildgate.docs.generator.package")
  private String generatorPackage;

  /**
   * Pinned plugin packages for uvx, added to the defaults (mkdocs-material==9.8.2,
   * mkdocs-swagger-ui-tag==0.8.1); an entry for a default's package replaces its pin.
   */
  @Parameter private List<String> generatorPlugins;

  /** Argv of a custom generator; placeholders {config} {site} {staging} {docs}. */
  @Parameter private List<String> generatorCommand;

  /** Extra arguments appended to the mkdocs/zensical command. */
  @Parameter private List<String> generatorArgs;

  /** Strict mode: a generator warning fails the build. */
  @Parameter(property = "buildgate.docs.strict", defaultValue = "true")
  private boolean strict;

  /** Time limit of the generator ({@code 10m}, {@code 90s}; a plain number is seconds). */
  @Parameter(property = "buildgate.docs.generator.timeout", defaultValue = "10m")
  private String generatorTimeout;

  /** Use git to skip the build when no watched path changed since the merge base. */
  @Parameter(property = "buildgate.docs.changeFilter", defaultValue = "true")
  private boolean changeFilter;

  /** Watched globs relative to the project (default: docs dir/**, the config file, pom.xml). */
  @Parameter private List<String> changePaths;

  /**
   * Compare with this commit instead of the merge base with the default branch (e.g. the commit
   * before a push: -Dbuildgate.docs.changeBase=${env.BEFORE_SHA}).
   */
  @Parameter(property = "buildgate.docs.changeBase")
  private String changeBase;

  @Override
  protected boolean goalSkipped() {
    return buildSkip;
  }

  @Override
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode.BACKGROUND; // nothing later in the build reads the site
  }

  @Override
  protected String goal() {
    return "build";
  }

  @Override
  protected DocsSection section() {
    return DocsBuilder.SECTION;
  }

  @Override
  protected void run() throws GateFailedException, GateCannotRunException {
    Network network = network();
    LocalProcessRunner runner = new LocalProcessRunner();
    ToolResolver tools = new ToolResolver(runner, environment(), network.offline());
    new DocsBuilder(runner, tools, gateLog(), network).run(buildgateDir(), this::config);
  }

  private BuildConfig config() throws GateCannotRunException {
    return BuildConfig.builder()
        .basedir(basedir())
        .configFile(configFile.toPath())
        .docsDir(docsDirectory.toPath())
        .extraInputs(
            additionalInputs == null ? null : additionalInputs.stream().map(File::toPath).toList())
        .workDir(workDirectory.toPath())
        .siteDir(siteDirectory.toPath())
        .stateDir(buildgateDir().resolve("state"))
        .generator(
            GeneratorOptions.builder()
                .kind(generator)
                .runner(generatorRunner)
                .executable(generatorExecutable == null ? null : generatorExecutable.toPath())
                .packageSpec(generatorPackage)
                .withPackages(generatorPlugins)
                .strict(strict)
                .customCommand(generatorCommand)
                .extraArgs(generatorArgs)
                .timeout(generatorTimeout))
        .openapi(
            OpenApiOptions.builder()
                .url(openapiUrl)
                .file(openapiFile == null ? null : openapiFile.toPath())
                .target(openapiTarget)
                .timeout(openapiTimeout)
                .attempts(openapiAttempts)
                .retryDelay(openapiRetryDelay)
                .insecure(openapiInsecure)
                .maxSizeMb(openapiMaxSize)
                .servers(Server.entries(openapiServers))
                .properties(this::property))
        .force(force)
        .changeFilter(changeFilter)
        .changePaths(changePaths)
        .defaultBranch(ciContext().defaultBranch())
        .remote(remote)
        .changeBase(changeBase)
        .build();
  }

  /** A property set earlier in the build: user, then project, then system properties. */
  private String property(String key) {
    Properties user = session.getUserProperties();
    if (user.getProperty(key) != null) {
      return user.getProperty(key);
    }
    if (project.getProperties().getProperty(key) != null) {
      return project.getProperties().getProperty(key);
    }
    return session.getSystemProperties().getProperty(key);
  }
}
