package dev.buildgate.integration.test;

import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.ImageInfo;
import dev.buildgate.core.io.PropertiesFiles;
import dev.buildgate.core.state.Fingerprint;
import dev.buildgate.core.state.UpToDateStore;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.compose.ComposeModel;
import dev.buildgate.integration.compose.ComposeRenderer;
import dev.buildgate.integration.stack.StackConfig;
import dev.buildgate.integration.wait.WaitSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether the integration stack of a build is up to date: the last run of up + test with
 * the same inputs PASSED, so up, test and down can be skipped and verify reports that recorded
 * result. The inputs ({@link Inputs}) are the rendered compose file, the id of every service image
 * in the local daemon, the variables the compose file interpolates, the test command, its
 * environment (as configured, before run-scoped values such as the project name, run id and
 * ephemeral ports are filled in), the files under its working directory, and the readiness waits.
 *
 * <p>{@code integration:up} decides ({@link #decide}) before starting anything and writes the
 * decision to {@code up-to-date.properties} in the output directory, tagged with the build's id;
 * test, down and verify of the same build follow it ({@link #skipped}). A passing result is
 * recorded by verify ({@link #recordResult}); a failure, or a run with changed inputs, removes the
 * record, so only a passing run is ever reused.
 */
public final class StackUpToDate {

  /** The key under {@code target/buildgate/state}. */
  public static final String STATE_KEY = "integration-stack";

  /** The decision of integration:up for its build. */
  public static final String MARKER = "up-to-date.properties";

  /**
   * Excluded from the working directory's files besides {@link Fingerprint#DEFAULT_EXCLUDES}:
   * outputs a test run writes next to its sources (coverage data, caches, compiled bytecode).
   */
  public static final List<String> TEST_OUTPUT_EXCLUDES =
      List.of(
          "**/.coverage",
          "**/.coverage.*",
          "**/coverage.xml",
          "**/htmlcov/**",
          "**/.hypothesis/**",
          "**/*.pyc",
          "**/.nox/**",
          "**/.cache/**");

  /** Fingerprints of runs in progress, by output directory + build (handed from up to verify). */
  private static final Map<String, Fingerprint> PENDING = new ConcurrentHashMap<>();

  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\\}|([A-Za-z_][A-Za-z0-9_]*))");

  private final Path outputDir;
  private final UpToDateStore store;
  private final String buildId;

  /**
   * Creates the check of one build.
   *
   * @param outputDir {@code target/buildgate/integration}
   * @param stateDir {@code target/buildgate/state}
   * @param buildId identifies this Maven build (e.g. pid and start time): test, down and verify
   *     follow a decision of up only when it carries their build's id
   */
  public StackUpToDate(Path outputDir, Path stateDir, String buildId) {
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
    this.store = new UpToDateStore(Objects.requireNonNull(stateDir, "stateDir"));
    this.buildId = Objects.requireNonNull(buildId, "buildId");
  }

  /**
   * What decides whether the tests would pass again.
   *
   * @param config the stack
   * @param test the test command and its environment as configured (templates, not resolved)
   * @param credentials where credentials come from (server ids, variable names), never values
   * @param upToDateExcludes more globs excluded from the working directory's files
   */
  public record Inputs(
      StackConfig config, TestSpec test, List<String> credentials, List<String> upToDateExcludes) {
    public Inputs {
      credentials = credentials == null ? List.of() : List.copyOf(credentials);
      upToDateExcludes = upToDateExcludes == null ? List.of() : List.copyOf(upToDateExcludes);
    }
  }

  /**
   * The decision of up.
   *
   * @param upToDate skip up, test and down; verify reports {@code lastResult}
   * @param reason one line for the log: what changed, or why the check does not apply
   * @param lastResult the recorded passing result when up to date, else null
   */
  public record Decision(boolean upToDate, String reason, TestResult lastResult) {}

  /** Looks up the local id of an image. */
  @FunctionalInterface
  public interface ImageIds {
    /**
     * The id of a local image.
     *
     * @param ref the image reference
     * @return its id, or empty when the daemon does not have it
     * @throws DockerUnavailableException when no daemon answers
     */
    Optional<String> id(String ref) throws DockerUnavailableException;

    /** Through the engine's image inspect. */
    static ImageIds of(DockerEngine engine) {
      return ref -> engine.inspectImage(ref).map(ImageInfo::id);
    }
  }

  /** The id of a Maven build: this JVM's pid and the build's start time. */
  public static String buildId(long startMillis) {
    return ProcessHandle.current().pid() + "-" + startMillis;
  }

  /**
   * Decides, before anything is started, and writes the decision for test, down and verify. When
   * the stack is not up to date the record is removed first, so an interrupted run never leaves an
   * older success behind.
   *
   * @param inputs the inputs
   * @param images looks up the service images' local ids
   * @param enabled {@code buildgate.integration.upToDateCheck}
   * @return the decision
   */
  public Decision decide(Inputs inputs, ImageIds images, boolean enabled) {
    Decision d = evaluate(inputs, images, enabled);
    writeMarker(d.upToDate());
    if (!d.upToDate()) {
      store.invalidate(STATE_KEY);
    }
    return d;
  }

  private Decision evaluate(Inputs inputs, ImageIds images, boolean enabled) {
    if (!enabled) {
      return new Decision(false, "buildgate.integration.upToDateCheck=false", null);
    }
    StackConfig cfg = inputs.config();
    if (cfg.keep()) {
      return new Decision(false, "keep=true: the stack is wanted", null);
    }
    if ("always".equalsIgnoreCase(cfg.pull())) {
      return new Decision(false, "pull=always: remote images may have changed", null);
    }
    if (inputs.test().command().isEmpty()) {
      return new Decision(
          false, "no <command>: tests that run outside integration:test need the stack", null);
    }
    if (Files.exists(cfg.stateFile())) {
      return new Decision(false, "a stack of an earlier build is recorded in stack.json", null);
    }
    Fingerprint fp;
    try {
      fp = fingerprint(inputs, images, store.dir());
    } catch (NotCacheable e) {
      return new Decision(false, e.getMessage(), null);
    } catch (IntegrationConfigException | IOException | UncheckedIOException e) {
      return new Decision(false, "inputs not readable (" + e.getMessage() + ")", null);
    } catch (DockerUnavailableException e) {
      return new Decision(false, "images not inspectable (" + e.getMessage() + ")", null);
    }
    PENDING.put(pendingKey(), fp);
    Optional<String> changes = store.changes(STATE_KEY, fp);
    if (changes.isPresent()) {
      String why = changes.get();
      return new Decision(
          false, why.equals("no successful run recorded") ? "no passing run recorded" : why, null);
    }
    TestResult last = lastPassingResult(cfg, inputs.test().baseDir());
    if (last == null) {
      return new Decision(false, "the recorded result or its reports are missing", null);
    }
    return new Decision(true, "inputs unchanged since the last passing run", last);
  }

  /**
   * The fingerprint of a stack's inputs, without caches (every file read, the compose file
   * rendered).
   *
   * @throws NotCacheable when the inputs cannot be known before the stack starts (compose builds
   *     images)
   */
  static Fingerprint fingerprint(Inputs inputs, ImageIds imageIds)
      throws IntegrationConfigException, IOException, DockerUnavailableException, NotCacheable {
    return fingerprint(inputs, imageIds, null);
  }

  /**
   * The fingerprint of a stack's inputs.
   *
   * @param cacheDir where the content hashes of the test files are kept between builds, or null to
   *     read every file and render the compose file (else the last rendering is reused while its
   *     inputs are unchanged, see {@link ComposeModel#of})
   * @throws NotCacheable when the inputs cannot be known before the stack starts (compose builds
   *     images)
   */
  static Fingerprint fingerprint(Inputs inputs, ImageIds imageIds, Path cacheDir)
      throws IntegrationConfigException, IOException, DockerUnavailableException, NotCacheable {
    StackConfig cfg = inputs.config();
    ComposeModel compose =
        cacheDir == null ? ComposeModel.render(cfg.compose()) : ComposeModel.of(cfg.compose());
    // the rendered file refers to the overrides' environment values (BUILDGATE_ENV_*), which
    // count below as secret variables: keyed digests, never the text
    Fingerprint.Builder b = Fingerprint.builder().secret("compose-file", compose.rendered().yaml());
    Map<String, String> overrideEnv = ComposeRenderer.environment(cfg.overrides());
    if (cacheDir != null) {
      b.hashCache(cacheDir.resolve(STATE_KEY + ".hashes"));
    }
    // variables the compose file interpolates: from composeEnvironment, else the environment
    Map<String, String> vars = new TreeMap<>();
    Matcher m = VARIABLE.matcher(compose.rendered().yaml());
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      vars.put(
          name,
          overrideEnv.containsKey(name)
              ? overrideEnv.get(name)
              : cfg.composeEnv().getOrDefault(name, System.getenv(name)));
    }
    b.secrets("compose-variable:", vars); // values from the environment: maybe secrets
    Path dotEnv = cfg.projectDirectory() == null ? null : cfg.projectDirectory().resolve(".env");
    if (dotEnv != null && Files.isRegularFile(dotEnv)) {
      b.secret("compose-dotenv", Files.readString(dotEnv, StandardCharsets.UTF_8));
    }
    if (cfg.build() && !compose.built().isEmpty()) {
      throw new NotCacheable(
          "service "
              + compose.built().get(0)
              + " is built by compose (buildgate.integration.build): its image is made"
              + " by up");
    }
    Map<String, String> images = new TreeMap<>();
    for (Map.Entry<String, String> e : compose.images().entrySet()) {
      String image = interpolate(e.getValue(), vars);
      images.put(e.getKey(), image + " " + imageIds.id(image).orElse("not-local"));
    }
    b.value("images", images);
    List<String> waits = new ArrayList<>();
    for (WaitSpec w : cfg.waits()) {
      waits.add(w.describe() + " poll<=" + w.maxPollInterval().toMillis() + "ms");
    }
    b.value("waits", waits);
    TestSpec t = inputs.test();
    b.value("test-command", t.command())
        .secrets("test-environment:", t.env()) // credentials' passwords among them
        .secrets("test-worker-environment:", t.workerEnv())
        .value("test-workers", t.workers())
        .value("test-timeout", t.timeout().toMillis())
        .value("test-reports", t.reports())
        .value("test-credentials", inputs.credentials());
    Path base = t.baseDir().toAbsolutePath().normalize();
    Path wd = t.workingDir().toAbsolutePath().normalize();
    b.value("test-working-directory", wd.startsWith(base) ? base.relativize(wd).toString() : wd);
    List<String> excludes = new ArrayList<>(Fingerprint.DEFAULT_EXCLUDES);
    excludes.addAll(TEST_OUTPUT_EXCLUDES);
    excludes.addAll(inputs.upToDateExcludes());
    for (String r : t.reports()) {
      Path p = base.resolve(r).normalize();
      if (p.startsWith(wd) && !p.equals(wd)) {
        excludes.add(wd.relativize(p).toString().replace('\\', '/'));
      }
    }
    Path outDir = cfg.outputDir().toAbsolutePath().normalize();
    if (outDir.startsWith(wd) && !outDir.equals(wd)) {
      excludes.add(wd.relativize(outDir).toString().replace('\\', '/') + "/**");
    }
    b.files(wd, List.of(), excludes);
    return b.build();
  }

  /** Replaces {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}} and {@code $VAR}. */
  static String interpolate(String s, Map<String, String> vars) {
    Matcher m =
        Pattern.compile(
                "\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\\}|\\$([A-Za-z_][A-Za-z0-9_]*)")
            .matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String v = vars.get(name);
      if (m.group(2) != null && (v == null || (m.group(2).equals(":-") && v.isEmpty()))) {
        v = m.group(3);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private TestResult lastPassingResult(StackConfig cfg, Path baseDir) {
    Path f = cfg.resultFile();
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      TestResult r = TestResult.read(f);
      if (!r.passed()) {
        return null;
      }
      for (String report : r.reports()) {
        Path p = baseDir.resolve(report);
        if (!Files.isRegularFile(p)) {
          return null;
        }
      }
      return r;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether integration:up of this build found the stack up to date (then test and down skip).
   *
   * @return true only for a decision of this build that said up to date
   */
  public boolean skipped() {
    Properties p = readMarker();
    return p != null && buildId.equals(p.getProperty("build")) && "true".equals(p.get("upToDate"));
  }

  /**
   * Whether integration:up of this build ran the stack after deciding (so verify records the
   * result).
   */
  private boolean ranThisBuild() {
    Properties p = readMarker();
    return p != null && buildId.equals(p.getProperty("build")) && "false".equals(p.get("upToDate"));
  }

  /**
   * Records the result of this build's run: a pass makes the stack up to date for the next build,
   * anything else removes the record. Does nothing when up did not decide in this build.
   *
   * @param result the result integration:test wrote
   * @param resultFile its file: a pass counts only when written after up decided (not a result left
   *     by an earlier build, e.g. with buildgate.integration.test.skip)
   * @return true when a passing run was recorded
   */
  public boolean recordResult(TestResult result, Path resultFile) {
    if (!ranThisBuild()) {
      return false;
    }
    Fingerprint fp = PENDING.remove(pendingKey());
    if (result.passed() && fp != null && writtenAfterDecision(resultFile)) {
      store.record(STATE_KEY, fp);
      return true;
    }
    store.invalidate(STATE_KEY);
    return false;
  }

  private boolean writtenAfterDecision(Path resultFile) {
    try {
      return Files.getLastModifiedTime(resultFile).toMillis()
          >= Files.getLastModifiedTime(outputDir.resolve(MARKER)).toMillis();
    } catch (IOException e) {
      return false;
    }
  }

  private String pendingKey() {
    return outputDir.toAbsolutePath().normalize() + "#" + buildId;
  }

  private void writeMarker(boolean upToDate) {
    Properties p = new Properties();
    p.setProperty("build", buildId);
    p.setProperty("upToDate", String.valueOf(upToDate));
    Path f = outputDir.resolve(MARKER);
    try {
      PropertiesFiles.write(f, p, "integration:up decision of one build");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
    }
  }

  private Properties readMarker() {
    return PropertiesFiles.read(outputDir.resolve(MARKER));
  }

  /** The inputs cannot be fingerprinted before the stack starts. */
  static final class NotCacheable extends Exception {
    private static final long serialVersionUID = 1L;

    NotCacheable(String message) {
      super(message);
    }
  }
}
