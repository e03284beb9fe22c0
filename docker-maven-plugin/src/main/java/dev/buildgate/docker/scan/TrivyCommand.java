package dev.buildgate.docker.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Trivy argv lists for the binary or the container runner. Buildgate decides the verdict
 * itself, so Trivy always reports everything it finds: all severities, {@code --exit-code 0}, an
 * empty ignore file (so a project's {@code .trivyignore} in the working directory is not applied by
 * Trivy behind Buildgate's back) and only the vulnerability scanner.
 */
public final class TrivyCommand {

  /** Where the container runner mounts the cache dir. */
  static final String CONTAINER_CACHE = "/buildgate/trivy-cache";

  /** Where the container runner mounts the report dir. */
  static final String CONTAINER_REPORTS = "/buildgate/reports";

  private static final String ALL_SEVERITIES = "UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL";

  private final ScanConfig config;
  private final List<String> prefix;

  /**
   * Creates a command builder.
   *
   * @param config the scan configuration
   * @param binaryCommand for {@link TrivyRunner#BINARY}: the resolved trivy command; for {@link
   *     TrivyRunner#IMAGE}: the resolved docker command
   */
  public TrivyCommand(ScanConfig config, List<String> binaryCommand) {
    this.config = config;
    if (config.runner() == TrivyRunner.IMAGE) {
      List<String> p = new ArrayList<>(binaryCommand);
      p.add("run");
      p.add("--rm");
      p.add("--label");
      p.add("dev.buildgate.tool=trivy");
      if (config.network().offline()) {
        p.add("--pull");
        p.add("never");
      }
      for (String name : config.network().toolEnv().keySet()) {
        p.add("-e");
        p.add(name); // the value comes from the docker CLI's environment, never the argv
      }
      p.add("-v");
      p.add(dockerSocket() + ":/var/run/docker.sock");
      if (config.cacheDir() != null) {
        p.add("-v");
        p.add(config.cacheDir() + ":" + CONTAINER_CACHE);
      }
      p.add("-v");
      p.add(config.reportDir() + ":" + CONTAINER_REPORTS);
      p.add(config.trivyImage());
      this.prefix = List.copyOf(p);
    } else {
      this.prefix = List.copyOf(binaryCommand);
    }
  }

  /** {@code trivy version --format json [--cache-dir c]}: version and database metadata. */
  public List<String> versionArgv() {
    List<String> a = new ArrayList<>(prefix);
    a.add("version");
    a.add("--format");
    a.add("json");
    addCacheDir(a);
    return a;
  }

  /**
   * {@code trivy image --download-db-only} (or {@code --download-java-db-only}): run once before
   * the concurrent scans, which then all use {@code --skip-db-update}, so parallel Trivy processes
   * never race to update one database.
   */
  public List<String> downloadArgv(boolean javaDb) {
    List<String> a = new ArrayList<>(prefix);
    a.add("image");
    a.add(javaDb ? "--download-java-db-only" : "--download-db-only");
    a.add("--quiet");
    a.add("--timeout");
    a.add(goDuration(config.timeout()));
    addCacheDir(a);
    if (!javaDb && config.dbRepository() != null) {
      a.add("--db-repository");
      a.add(config.dbRepository());
    }
    if (javaDb && config.javaDbRepository() != null) {
      a.add("--java-db-repository");
      a.add(config.javaDbRepository());
    }
    return a;
  }

  /**
   * The scan of one image. The databases are never updated here (see {@link #downloadArgv}).
   *
   * @param target the image
   * @param jsonOut the report file (under the report dir)
   * @param emptyIgnoreFile an empty ignore file (under the report dir)
   * @param memoryCache use Trivy's in-memory layer cache ({@code --cache-backend memory}): needed
   *     when several Trivy processes run at once, since the file-system cache allows one process
   */
  public List<String> scanArgv(
      ImageTarget target, Path jsonOut, Path emptyIgnoreFile, boolean memoryCache) {
    List<String> a = new ArrayList<>(prefix);
    a.add("image");
    a.add("--scanners");
    a.add("vuln");
    a.add("--format");
    a.add("json");
    a.add("--output");
    a.add(map(jsonOut));
    a.add("--quiet");
    a.add("--exit-code");
    a.add("0");
    a.add("--severity");
    a.add(ALL_SEVERITIES);
    a.add("--ignorefile");
    a.add(map(emptyIgnoreFile));
    a.add("--timeout");
    a.add(goDuration(config.timeout()));
    a.add("--image-src");
    a.add(imageSource(target));
    addCacheDir(a);
    if (memoryCache) {
      a.add("--cache-backend");
      a.add("memory");
    }
    a.add("--skip-db-update");
    a.add("--skip-java-db-update");
    if (config.offlineScan()) {
      a.add("--offline-scan");
    }
    a.add(target.ref());
    return a;
  }

  /** A duration as Trivy's {@code --timeout} takes it: {@code 300s}, or {@code 1500ms}. */
  static String goDuration(java.time.Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  /** {@code docker} for an image in the local daemon, {@code remote} for a registry-only one. */
  static String imageSource(ImageTarget t) {
    if ("CONFIGURED".equals(t.buildStatus())) {
      return "docker,remote";
    }
    return t.local() ? "docker" : "remote";
  }

  private void addCacheDir(List<String> a) {
    if (config.cacheDir() != null) {
      a.add("--cache-dir");
      a.add(config.runner() == TrivyRunner.IMAGE ? CONTAINER_CACHE : config.cacheDir().toString());
    }
  }

  private String map(Path p) {
    Path abs = p.toAbsolutePath();
    if (config.runner() == TrivyRunner.IMAGE && abs.startsWith(config.reportDir())) {
      return CONTAINER_REPORTS
          + "/"
          + config.reportDir().relativize(abs).toString().replace('\\', '/');
    }
    return abs.toString();
  }

  private String dockerSocket() {
    String host = config.env().get("DOCKER_HOST");
    if (host != null && host.startsWith("unix://")) {
      return host.substring("unix://".length());
    }
    return "/var/run/docker.sock";
  }
}
