package dev.buildgate.docs.site;

import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.docs.openapi.OpenApiInjector;
import dev.buildgate.docs.site.BuildOutcome.Status;
import dev.buildgate.docs.site.Staging.Staged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** docs:build: change filter, staging, OpenAPI injection, generator, up-to-date check. */
public final class DocsBuilder {

  /** The up-to-date store key. */
  public static final String STATE_KEY = "docs-build";

  /** The marker docs:deploy reads to tell "skipped: unchanged" from "never built". */
  public static final String MARKER = "last-build.properties";

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

  public BuildOutcome build(BuildOptions o) throws GateFailedException, GateCannotRunException {
    try {
      Files.deleteIfExists(o.workDir().resolve(MARKER));
    } catch (IOException e) {
      throw new GateCannotRunException("Could not reset " + o.workDir() + ": " + e.getMessage(), e);
    }
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

  private static void writeMarker(BuildOptions o, BuildOutcome out) throws GateCannotRunException {
    Properties p = new Properties();
    p.setProperty("status", out.status().name());
    p.setProperty("reason", out.reason());
    p.setProperty("site", out.siteDir().toAbsolutePath().toString());
    try {
      Files.createDirectories(o.workDir());
      try (var w = Files.newBufferedWriter(o.workDir().resolve(MARKER), StandardCharsets.UTF_8)) {
        p.store(w, "docs:build result");
      }
    } catch (IOException e) {
      throw new GateCannotRunException("Could not write the build marker: " + e.getMessage(), e);
    }
  }

  /** Reads the last docs:build status from the work dir, or null. */
  public static Properties readMarker(Path workDir) {
    Path f = workDir.resolve(MARKER);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
      return p;
    } catch (IOException e) {
      return null;
    }
  }
}
