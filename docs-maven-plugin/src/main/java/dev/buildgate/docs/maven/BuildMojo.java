package dev.buildgate.docs.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docs.openapi.OpenApiOptions;
import dev.buildgate.docs.site.BuildOptions;
import dev.buildgate.docs.site.BuildOutcome;
import dev.buildgate.docs.site.DocsBuilder;
import dev.buildgate.docs.site.GeneratorKind;
import dev.buildgate.docs.site.GeneratorOptions;
import dev.buildgate.maven.BackgroundGates;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
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

  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

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
  protected void run() throws MojoExecutionException, MojoFailureException {
    Map<String, String> env = environment();
    BuildOptions options;
    try {
      options = options();
    } catch (GateCannotRunException | MojoExecutionException e) {
      summary("docs-build", "Docs build", StepStatus.FAILED, e.getMessage());
      throw new MojoExecutionException(e.getMessage(), e);
    }
    LocalProcessRunner runner = new LocalProcessRunner();
    Network network = network();
    DocsBuilder builder =
        new DocsBuilder(
            runner, new ToolResolver(runner, env, network.offline()), gateLog(), network);
    BuildOutcome outcome;
    try {
      outcome = builder.build(options);
    } catch (GateFailedException e) {
      summary("docs-build", "Docs build", StepStatus.FAILED, "```\n" + e.getMessage() + "\n```");
      throw new MojoFailureException(e.getMessage());
    } catch (GateCannotRunException e) {
      summary("docs-build", "Docs build", StepStatus.FAILED, e.getMessage());
      throw new MojoExecutionException(e.getMessage(), e);
    }
    switch (outcome.status()) {
      case NO_DOCS -> {
        getLog().info("docs:build skipped: " + outcome.reason());
        summary("docs-build", "Docs build", StepStatus.SKIPPED, "Skipped: " + outcome.reason());
      }
      case UNCHANGED -> {
        getLog()
            .info("docs:build skipped: " + outcome.reason() + " (-Dbuildgate.docs.force to build)");
        summary("docs-build", "Docs build", StepStatus.SKIPPED, "Skipped: " + outcome.reason());
      }
      case UP_TO_DATE -> {
        getLog()
            .info(
                "docs:build up to date: "
                    + outcome.reason()
                    + " (-Dbuildgate.docs.force to build)");
        summary("docs-build", "Docs build", StepStatus.UP_TO_DATE, body(outcome));
      }
      case BUILT -> {
        getLog().info("Docs site built: " + outcome.siteDir());
        summary("docs-build", "Docs build", StepStatus.PASSED, body(outcome));
      }
    }
  }

  private String body(BuildOutcome o) {
    StringBuilder b = new StringBuilder();
    b.append("Site: `").append(basedir().relativize(o.siteDir().toAbsolutePath())).append("`\n\n");
    if (o.openapiSource() != null) {
      b.append("OpenAPI: ")
          .append(o.openapiVersion())
          .append(" from `")
          .append(o.openapiSource())
          .append("`\n\n");
    }
    b.append("Generator: `").append(generator).append(strict ? " --strict" : "").append("`\n");
    if (!o.warnings().isEmpty()) {
      b.append("\nWarnings:\n");
      for (String w : o.warnings()) {
        b.append("- ").append(w).append('\n');
      }
    }
    return b.toString();
  }

  private BuildOptions options() throws GateCannotRunException, MojoExecutionException {
    Path base = basedir();
    GeneratorKind kind = GeneratorKind.parse(generator);
    ToolRunner runnerKind;
    try {
      runnerKind = ToolRunner.valueOf(generatorRunner.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GateCannotRunException(
          "Unknown <generatorRunner> '"
              + generatorRunner
              + "' (buildgate.docs.generator.runner): use AUTO, PATH or UVX.");
    }
    if (runnerKind != ToolRunner.AUTO
        && runnerKind != ToolRunner.PATH
        && runnerKind != ToolRunner.UVX) {
      throw new GateCannotRunException(
          "<generatorRunner> " + runnerKind + " is not supported for docs: use AUTO, PATH or UVX.");
    }
    GeneratorOptions gen =
        new GeneratorOptions(
            kind,
            runnerKind,
            generatorExecutable == null ? null : generatorExecutable.toPath(),
            generatorPackage,
            generatorPlugins,
            strict,
            generatorCommand,
            generatorArgs,
            duration(
                "<generatorTimeout> (buildgate.docs.generator.timeout)", generatorTimeout, true));
    OpenApiOptions openapi = null;
    if (openapiMaxSize <= 0) {
      throw new GateCannotRunException(
          "<openapiMaxSize> (buildgate.docs.openapi.maxSize) must be a positive number of MB, not "
              + openapiMaxSize
              + ".");
    }
    String url = blank(openapiUrl) ? null : resolveProperties(openapiUrl.strip());
    if (url != null && openapiFile != null) {
      throw new GateCannotRunException(
          "Set either <openapiUrl> (buildgate.docs.openapi.url) or <openapiFile> (buildgate.docs.openapi.file), not"
              + " both.");
    }
    if (url != null || openapiFile != null) {
      List<OpenApiOptions.ServerEntry> servers = new ArrayList<>();
      if (openapiServers != null) {
        for (Server s : openapiServers) {
          if (s == null || blank(s.getUrl())) {
            throw new GateCannotRunException(
                "Every <openapiServers><server> needs a <url> (e.g. https://api.example.com).");
          }
          servers.add(new OpenApiOptions.ServerEntry(s.getUrl().strip(), s.getDescription()));
        }
      }
      openapi =
          new OpenApiOptions(
              url,
              openapiFile == null ? null : openapiFile.toPath(),
              openapiTarget,
              duration("<openapiTimeout> (buildgate.docs.openapi.timeout)", openapiTimeout, true),
              Math.max(1, openapiAttempts) - 1,
              duration(
                  "<openapiRetryDelay> (buildgate.docs.openapi.retryDelay)",
                  openapiRetryDelay,
                  false),
              openapiInsecure,
              servers,
              openapiMaxSize * 1024L * 1024);
    }
    List<String> watched = changePaths;
    if (watched == null || watched.isEmpty()) {
      watched = new ArrayList<>();
      watched.add(rel(base, docsDirectory.toPath()) + "/**");
      watched.add(rel(base, configFile.toPath()));
      watched.add("pom.xml");
      if (additionalInputs != null) {
        for (File f : additionalInputs) {
          String r = rel(base, f.toPath());
          watched.add(f.isDirectory() ? r + "/**" : r);
        }
      }
    }
    CiContext ci = ciContext();
    List<Path> extra = new ArrayList<>();
    if (additionalInputs != null) {
      for (File f : additionalInputs) {
        extra.add(f.toPath());
      }
    }
    return new BuildOptions(
        base,
        configFile.toPath(),
        docsDirectory.toPath(),
        extra,
        workDirectory.toPath(),
        siteDirectory.toPath(),
        buildgateDir().resolve("state"),
        openapi,
        gen,
        force,
        changeFilter,
        watched,
        ci.defaultBranch(),
        remote,
        changeBase);
  }

  private static String rel(Path base, Path p) {
    Path abs = base.resolve(p).normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString().replace('\\', '/') : p.toString();
  }

  /**
   * Resolves ${...} left in the URL: Maven resolves them when the mojo is configured; a property
   * set by an earlier goal of the same build (integration:up) is looked up again here.
   */
  private String resolveProperties(String value) throws GateCannotRunException {
    Matcher m = PROPERTY.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String v = lookup(key);
      if (v == null) {
        throw new GateCannotRunException(
            "<openapiUrl> "
                + value
                + " uses the property ${"
                + key
                + "}, which is not set: run integration:up earlier in the same build (it sets"
                + " integration.* properties) or define the property.");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(String key) {
    Properties user = session.getUserProperties();
    if (user.getProperty(key) != null) {
      return user.getProperty(key);
    }
    if (project.getProperties().getProperty(key) != null) {
      return project.getProperties().getProperty(key);
    }
    return session.getSystemProperties().getProperty(key);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
