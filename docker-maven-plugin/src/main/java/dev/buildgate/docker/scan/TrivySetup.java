package dev.buildgate.docker.scan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.Executables;
import dev.buildgate.core.exec.PinnedVersion;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.ProcessTimeoutException;
import dev.buildgate.core.exec.ResolvedTool;
import dev.buildgate.core.exec.ToolNotFoundException;
import dev.buildgate.core.exec.ToolRequest;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What docker:scan checks and updates once before its scans: finds Trivy (the binary, or docker for
 * the image runner), checks its pinned version ({@link PinnedVersion}), updates the databases and
 * fails closed on a missing or damaged vulnerability database. The {@code trivy version} answer is
 * kept in the scan's state while the binary and the database metadata are unchanged.
 */
final class TrivySetup {

  static final Duration VERSION_TIMEOUT = Duration.ofMinutes(2);
  static final Duration KILL_MARGIN = Duration.ofSeconds(30);

  private final ProcessRunner runner;
  private final ScanUpToDate upToDate;

  TrivySetup(ProcessRunner runner, ScanUpToDate upToDate) {
    this.runner = runner;
    this.upToDate = upToDate;
  }

  /**
   * Checks Trivy's version and database and updates the databases once, before the scans.
   *
   * @param version receives the Trivy version (also when a later check fails)
   * @param db receives the vulnerability DB's metadata
   */
  void prepare(ScanConfig config, TrivyCommand command, GateLog log, String[] version, String[] db)
      throws ScanException {
    version[0] = checkVersion(config, command, log, db);
    if (!config.skipDbUpdate()) {
      download(config, command, false, log);
    }
    if (!config.skipJavaDbUpdate()) {
      download(config, command, true, log);
    }
    if (upToDate.enabled() && (!config.skipDbUpdate() || !config.skipJavaDbUpdate())) {
      checkVersion(config, command, GateLog.NONE, db); // the metadata after the update
    }
    checkDatabase(config);
  }

  /** The command prefix for the runner: the trivy binary, or docker for the image runner. */
  static List<String> resolve(ScanConfig config) throws ScanException {
    if (config.runner() == TrivyRunner.IMAGE) {
      Optional<Path> docker = Executables.find("docker", config.env());
      if (docker.isEmpty()) {
        throw new ScanException(
            "Cannot run Trivy in image "
                + config.trivyImage()
                + ": docker is not on PATH ("
                + Executables.pathOf(config.env())
                + "): install Docker or use <trivyRunner>BINARY</trivyRunner>");
      }
      return List.of(docker.get().toString());
    }
    ToolRequest req =
        ToolRequest.builder("trivy")
            .configuredPath(config.trivyPath())
            .version(config.trivyVersion())
            .runner(dev.buildgate.core.exec.ToolRunner.PATH)
            .projectDir(config.projectDir())
            .build();
    try {
      ResolvedTool tool =
          new ToolResolver(
                  (s, sink) -> {
                    throw new ExecException("not used");
                  },
                  config.env())
              .resolve(req);
      return tool.command();
    } catch (ToolNotFoundException e) {
      String want = config.trivyVersion() != null ? "Trivy " + config.trivyVersion() : "Trivy";
      if (config.trivyPath() != null) {
        throw new ScanException(
            "Trivy not found: the configured trivyPath "
                + config.trivyPath()
                + " does not exist or is not executable: fix <trivyPath> (buildgate.docker.scan.trivyPath)"
                + " or remove it to use trivy from PATH",
            e);
      }
      throw new ScanException(
          "Trivy not found: no trivy on PATH ("
              + Executables.pathOf(config.env())
              + "): install "
              + want
              + " (https://trivy.dev), set <trivyPath> (buildgate.docker.scan.trivyPath), or use"
              + " <trivyRunner>IMAGE</trivyRunner> to run "
              + config.trivyImage()
              + " through the Docker daemon",
          e);
    }
  }

  /** Downloads (or refreshes) a database once, before the concurrent scans. */
  private void download(ScanConfig config, TrivyCommand command, boolean javaDb, GateLog log)
      throws ScanException {
    List<String> argv = command.downloadArgv(javaDb);
    log.info(
        "Updating Trivy's " + (javaDb ? "Java DB" : "vulnerability DB") + " once before the scans");
    ProcessResult r;
    try {
      r =
          runner.run(
              ProcessSpec.builder(argv)
                  .env(config.network().toolEnv())
                  .secrets(config.network().secrets())
                  .timeout(config.timeout().plus(KILL_MARGIN))
                  .maxCaptureBytes(64 * 1024)
                  .build(),
              (stream, line) -> log.info("[trivy] " + line));
    } catch (ProcessTimeoutException e) {
      throw new ScanException(
          "Trivy's "
              + (javaDb ? "Java DB" : "vulnerability DB")
              + " download timed out after "
              + TrivyCommand.goDuration(config.timeout())
              + ": check the network or set skipDbUpdate with a provided database",
          e);
    } catch (ExecException e) {
      throw new ScanException("Trivy could not run: " + e.getMessage(), e);
    }
    if (r.exitCode() != 0) {
      throw new ScanException(TrivyErrors.downloadFailed(r, config, javaDb));
    }
  }

  /**
   * What {@code trivy version --format json} says: the version and the vulnerability DB's metadata.
   *
   * @param version the version found
   * @param hasDb whether a vulnerability DB is there
   * @param dbMetadata the DB (and Java DB) metadata as Trivy prints it, or null
   * @param dbSchema the DB schema version ({@code ?} when unknown)
   * @param dbUpdatedAt when the DB was built ({@code ?} when unknown)
   */
  record TrivyVersion(
      String version, boolean hasDb, String dbMetadata, String dbSchema, String dbUpdatedAt) {

    /** One line for the state directory, or null when a field cannot be kept on one line. */
    String line() {
      String[] f = {
        version,
        hasDb ? "1" : "0",
        dbSchema,
        dbUpdatedAt,
        dbMetadata == null ? "" : "=" + dbMetadata
      };
      for (String x : f) {
        if (x == null || x.indexOf('\t') >= 0 || x.indexOf('\n') >= 0 || x.indexOf('\r') >= 0) {
          return null;
        }
      }
      return String.join("\t", f);
    }

    static TrivyVersion parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != 5 || f[0].isEmpty() || !(f[1].equals("0") || f[1].equals("1"))) {
        return null;
      }
      return new TrivyVersion(
          f[0], f[1].equals("1"), f[4].startsWith("=") ? f[4].substring(1) : null, f[2], f[3]);
    }
  }

  /**
   * Trivy's cache directory on this machine: the configured one, else where Trivy puts it ({@code
   * TRIVY_CACHE_DIR}, {@code $XDG_CACHE_HOME/trivy}, {@code ~/.cache/trivy}); null for the image
   * runner without a configured cache (the cache is inside the container) or when unknown.
   */
  static Path hostCacheDir(ScanConfig config) {
    if (config.cacheDir() != null) {
      return config.cacheDir();
    }
    if (config.runner() != TrivyRunner.BINARY) {
      return null;
    }
    Map<String, String> env = config.env();
    String dir = env.get("TRIVY_CACHE_DIR");
    String xdg = env.get("XDG_CACHE_HOME");
    String home = env.get("HOME");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    } else if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "trivy");
    } else if (home != null && !home.isBlank()) {
      return Path.of(home, ".cache", "trivy");
    }
    return null;
  }

  /**
   * Fails closed on a damaged vulnerability database (see {@link TrivyDbCheck}): Trivy itself reads
   * a truncated file as fewer advisories, or panics.
   */
  static void checkDatabase(ScanConfig config) throws ScanException {
    Path cache = hostCacheDir(config);
    if (cache == null) {
      return; // inside the Trivy container: Trivy's own checks only
    }
    Path db = cache.resolve("db");
    try {
      TrivyDbCheck.check(db);
    } catch (TrivyDbCheck.DamagedException e) {
      throw new ScanException(TrivyErrors.damagedDatabase(config, db, e.getMessage()));
    } catch (IOException e) {
      throw new ScanException(TrivyErrors.damagedDatabase(config, db, "unreadable: " + e));
    }
  }

  /**
   * The stamp under which the {@code trivy version} answer is kept: the binary and the metadata
   * files of both databases by path, size and modification time, the argv and the environment Trivy
   * reads. Null (ask Trivy) for the image runner, a binary that is not an absolute path or a file
   * modified in the last two seconds.
   */
  static String versionStamp(ScanConfig config, List<String> argv) {
    if (config.runner() != TrivyRunner.BINARY || argv.isEmpty()) {
      return null;
    }
    Path exe = Path.of(argv.get(0));
    if (!exe.isAbsolute()) {
      return null;
    }
    Map<String, String> env = config.env();
    Path cache = hostCacheDir(config);
    if (cache == null) {
      return null;
    }
    List<String> values = new ArrayList<>(argv);
    new java.util.TreeMap<>(env)
        .forEach(
            (k, v) -> {
              if (k.startsWith("TRIVY_") || k.equals("HOME") || k.equals("XDG_CACHE_HOME")) {
                values.add(k + "=" + v);
              }
            });
    return dev.buildgate.core.state.FileStamps.of(
        List.of(
            exe,
            cache.resolve("db").resolve("metadata.json"),
            cache.resolve("java-db").resolve("metadata.json")),
        values);
  }

  /**
   * Runs {@code trivy version --format json} (or reuses its answer while the binary and the
   * database metadata are unchanged); checks the pinned version and the database.
   */
  private String checkVersion(ScanConfig config, TrivyCommand command, GateLog log, String[] dbOut)
      throws ScanException {
    List<String> argv = command.versionArgv();
    String stamp = versionStamp(config, argv);
    TrivyVersion v = upToDate.trivyVersion(stamp).map(TrivyVersion::parse).orElse(null);
    if (v == null) {
      v = askVersion(argv);
      String line = v.line();
      if (line != null) {
        upToDate.recordTrivyVersion(stamp, line);
      }
    }
    String found = v.version();
    String pinned = config.trivyVersion();
    if (!PinnedVersion.accepts(pinned, found)) {
      throw new ScanException(
          "Wrong Trivy version: found "
              + found
              + " ("
              + String.join(" ", argv.subList(0, Math.max(1, argv.size() - 3)))
              + ") but "
              + pinned
              + " is pinned (buildgate.docker.scan.trivyVersion): install Trivy "
              + pinned
              + ", point <trivyPath> at it, or change <trivyVersion>");
    }
    if (config.skipDbUpdate() && !v.hasDb()) {
      throw new ScanException(TrivyErrors.noDatabase(config));
    }
    if (v.dbMetadata() != null) {
      dbOut[0] = v.dbMetadata();
      log.info(
          "Trivy "
              + found
              + ", vulnerability DB schema "
              + v.dbSchema()
              + " updated "
              + v.dbUpdatedAt()
              + (config.cacheDir() != null ? " (" + config.cacheDir().resolve("db") + ")" : ""));
    }
    return found;
  }

  private TrivyVersion askVersion(List<String> argv) throws ScanException {
    ProcessResult r;
    try {
      r =
          runner.run(
              ProcessSpec.builder(argv).timeout(VERSION_TIMEOUT).maxCaptureBytes(64 * 1024).build(),
              dev.buildgate.core.exec.LineSink.NONE);
    } catch (ProcessTimeoutException e) {
      throw new ScanException(
          "'"
              + String.join(" ", argv)
              + "' did not answer within "
              + VERSION_TIMEOUT.toSeconds()
              + "s",
          e);
    } catch (ExecException e) {
      throw new ScanException("Trivy could not run: " + e.getMessage(), e);
    }
    if (r.exitCode() != 0) {
      throw new ScanException(
          "'"
              + String.join(" ", argv)
              + "' failed with exit code "
              + r.exitCode()
              + ": "
              + TrivyErrors.fatalLine(r));
    }
    String found = null;
    JsonNode db = null;
    JsonNode javaDb = null;
    try {
      JsonNode v = InputLimits.jsonMapper().readTree(r.stdout());
      if (v != null && v.path("Version").isTextual()) {
        found = v.path("Version").asText();
        db = v.path("VulnerabilityDB");
        javaDb = v.path("JavaDB");
      }
    } catch (IOException e) {
      // not JSON: older Trivy; fall back to the text
    }
    if (found == null) {
      found = ToolResolver.parseVersion(r.stdout()).orElse(null);
    }
    if (found == null) {
      throw new ScanException(
          "Cannot tell the Trivy version: '"
              + String.join(" ", argv)
              + "' printed no version ("
              + r.outputTail(2).replace('\n', ' ').trim()
              + ")");
    }
    boolean hasDb = db != null && !db.isMissingNode() && !db.isNull();
    if (db != null && db.isObject()) {
      return new TrivyVersion(
          found,
          hasDb,
          db + (javaDb != null && javaDb.isObject() ? " java " + javaDb : ""),
          db.path("Version").asText("?"),
          db.path("UpdatedAt").asText("?"));
    }
    return new TrivyVersion(found, hasDb, null, "?", "?");
  }
}
