package dev.buildgate.docs.site;

import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docs.BuildMarker;
import dev.buildgate.docs.ConfigSupplier;
import dev.buildgate.docs.DocsSection;
import dev.buildgate.docs.openapi.OpenApiInjector;
import dev.buildgate.docs.site.BuildOutcome.Status;
import dev.buildgate.docs.site.Staging.Staged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs:build: change filter, staging, OpenAPI injection, generator, up-to-date check. */
public final class DocsBuilder {

  /** The up-to-date store key. */
  public static final String STATE_KEY = "docs-build";

  /** docs:build's section of the pipeline summary. */
  public static final DocsSection SECTION = new DocsSection("docs-build", "Docs build");

  private final ProcessRunner runner;
  private final ToolResolver resolver;
  private final GateLog log;
  private final Network network;

  public DocsBuilder(ProcessRunner runner, ToolResolver resolver, GateLog log) {
    this(runner, resolver, log, Network.DIRECT);
  }

  /**
   * @param network offline and proxies: the OpenAPI fetch goes through the proxy (and stays on
   *     loopback offline), the generator gets {@link Network#toolEnv()}
   */
  public DocsBuilder(ProcessRunner runner, ToolResolver resolver, GateLog log, Network network) {
    this.runner = runner;
    this.resolver = resolver;
    this.log = log;
    this.network = network;
  }

  /**
   * docs:build as a gate: builds the config, builds the site, logs the outcome and writes the
   * {@code docs-build} section of the pipeline summary (FAILED with the message when the config or
   * the build fails).
   *
   * @param buildgateDir {@code target/buildgate}
   * @param config builds the config (a configuration error is reported as the build's failure)
   * @return what was done
   * @throws GateFailedException the generator failed (strict-mode warnings) or the spec is invalid
   * @throws GateCannotRunException bad configuration, a missing tool, an unreachable spec
   */
  public BuildOutcome run(Path buildgateDir, ConfigSupplier<BuildConfig> config)
      throws GateFailedException, GateCannotRunException {
    BuildConfig o;
    BuildOutcome outcome;
    try {
      o = config.get();
      outcome = build(o);
    } catch (GateFailedException e) {
      SECTION.write(buildgateDir, StepStatus.FAILED, "```\n" + e.getMessage() + "\n```", log);
      throw e;
    } catch (GateCannotRunException e) {
      SECTION.write(buildgateDir, StepStatus.FAILED, e.getMessage(), log);
      throw e;
    }
    switch (outcome.status()) {
      case NO_DOCS -> {
        log.info("docs:build skipped: " + outcome.reason());
        SECTION.write(buildgateDir, StepStatus.SKIPPED, "Skipped: " + outcome.reason(), log);
      }
      case UNCHANGED -> {
        log.info("docs:build skipped: " + outcome.reason() + " (-Dbuildgate.docs.force to build)");
        SECTION.write(buildgateDir, StepStatus.SKIPPED, "Skipped: " + outcome.reason(), log);
      }
      case UP_TO_DATE -> {
        log.info(
            "docs:build up to date: " + outcome.reason() + " (-Dbuildgate.docs.force to build)");
        SECTION.write(buildgateDir, StepStatus.UP_TO_DATE, body(o, outcome), log);
      }
      case BUILT -> {
        log.info("Docs site built: " + outcome.siteDir());
        SECTION.write(buildgateDir, StepStatus.PASSED, body(o, outcome), log);
      }
    }
    return outcome;
  }

  /** The section's body: the site, the spec, the generator and its warnings. */
  static String body(BuildConfig config, BuildOutcome o) {
    StringBuilder b = new StringBuilder();
    b.append("Site: `")
        .append(config.basedir().relativize(o.siteDir().toAbsolutePath()))
        .append("`\n\n");
    if (o.openapiSource() != null) {
      b.append("OpenAPI: ")
          .append(o.openapiVersion())
          .append(" from `")
          .append(o.openapiSource())
          .append("`\n\n");
    }
    b.append("Generator: `")
        .append(config.generator().kind().id())
        .append(config.generator().strict() ? " --strict" : "")
        .append("`\n");
    if (!o.warnings().isEmpty()) {
      b.append("\nWarnings:\n");
      for (String w : o.warnings()) {
        b.append("- ").append(w).append('\n');
      }
    }
    return b.toString();
  }

  public BuildOutcome build(BuildConfig o) throws GateFailedException, GateCannotRunException {
    BuildMarker.reset(o.workDir());
    Path config = o.basedir().resolve(o.configFile());
    Path docs = o.basedir().resolve(o.docsDir());
    if (!Files.exists(config) && !Files.exists(docs)) {
      BuildOutcome out =
          new BuildOutcome(
              Status.NO_DOCS,
              "no "
                  + rel(o.basedir(), config)
                  + " and no "
                  + rel(o.basedir(), docs)
                  + " in "
                  + o.basedir(),
              o.siteDir(),
              null,
              null,
              List.of(),
              List.of());
      writeMarker(o, out);
      return out;
    }
    if (!o.force() && o.changeFilter()) {
      ChangeFilter.Result change =
          new ChangeFilter(runner)
              .check(o.basedir(), o.changePaths(), o.defaultBranch(), o.remote(), o.changeBase());
      if (change.outcome() == ChangeFilter.Outcome.CHANGED) {
        log.info("Docs changed: " + change.reason());
      } else if (change.outcome() == ChangeFilter.Outcome.UNKNOWN) {
        log.info("Change filter: " + change.reason() + "; deciding by the inputs' fingerprint");
      }
      if (change.outcome() == ChangeFilter.Outcome.UNCHANGED) {
        BuildOutcome out =
            new BuildOutcome(
                Status.UNCHANGED, change.reason(), o.siteDir(), null, null, List.of(), List.of());
        writeMarker(o, out);
        return out;
      }
    }
    Staged staged =
        Staging.stage(o.basedir(), o.configFile(), o.docsDir(), o.extraInputs(), o.stagingDir());
    String specSource = null;
    String specVersion = null;
    if (o.openapi() != null) {
      OpenApiInjector.Injected spec =
          new OpenApiInjector(log, network)
              .inject(o.openapi(), staged.dir(), staged.docsDir(), o.stateDir());
      specSource = spec.source();
      specVersion = spec.version();
    }
    SiteGenerator generator = new SiteGenerator(runner, resolver, log, network);
    List<String> command = generator.command(o.generator(), staged, o.siteDir());
    String fingerprint;
    try {
      fingerprint =
          Fingerprint.builder()
              .value("command", String.join("\u0000", command))
              .value("generator", o.generator().toString())
              .files(staged.dir(), List.of("**"), List.of())
              .build()
              .hex();
    } catch (RuntimeException e) {
      throw new GateCannotRunException(
          "Could not fingerprint the docs inputs: " + e.getMessage(), e);
    }
    UpToDateStore store = new UpToDateStore(o.stateDir());
    if (!o.force() && store.isUpToDate(STATE_KEY, fingerprint) && hasSite(o.siteDir())) {
      BuildOutcome out =
          new BuildOutcome(
              Status.UP_TO_DATE,
              "inputs unchanged since the last successful build",
              o.siteDir(),
              specSource,
              specVersion,
              command,
              List.of());
      writeMarker(o, out);
      return out;
    }
    store.invalidate(STATE_KEY);
    List<String> warnings = generator.run(o.generator(), staged, o.siteDir(), command);
    store.record(STATE_KEY, fingerprint);
    BuildOutcome out =
        new BuildOutcome(
            Status.BUILT,
            "site built in " + o.siteDir(),
            o.siteDir(),
            specSource,
            specVersion,
            command,
            warnings);
    writeMarker(o, out);
    return out;
  }

  private static String rel(Path base, Path p) {
    Path b = base.toAbsolutePath().normalize();
    Path a = p.toAbsolutePath().normalize();
    return a.startsWith(b) ? b.relativize(a).toString() : a.toString();
  }

  private static boolean hasSite(Path site) {
    try (var s = Files.list(site)) {
      return s.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  private static void writeMarker(BuildConfig o, BuildOutcome out) throws GateCannotRunException {
    BuildMarker.write(o.workDir(), out.status().name(), out.reason(), out.siteDir());
  }
}
