package dev.buildgate.docker.scan;

import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.net.Network;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Immutable configuration of {@code docker:scan}; built by the mojo (or a test). */
public final class ScanConfig {

  /** The Trivy version Buildgate is tested with (REFERENCE.md). */
  public static final String DEFAULT_TRIVY_VERSION = "0.68.2";

  /** The official Trivy image, used by {@link TrivyRunner#IMAGE}. */
  public static final String DEFAULT_TRIVY_IMAGE = "aquasec/trivy";

  private final Path projectDir;
  private final Path reportDir;
  private final TrivyRunner runner;
  private final Path trivyPath;
  private final String trivyImage;
  private final String trivyVersion;
  private final Duration timeout;
  private final Path cacheDir;
  private final boolean skipDbUpdate;
  private final boolean skipJavaDbUpdate;
  private final boolean offlineScan;
  private final String dbRepository;
  private final String javaDbRepository;
  private final String cacheBackend;
  private final ScanPolicy policy;
  private final List<Path> ignoreFiles;
  private final Map<String, List<Path>> imageIgnoreFiles;
  private final int parallelism;
  private final int expiryWarningDays;
  private final LocalDate today;
  private final Map<String, String> env;
  private final Network network;

  private ScanConfig(Builder b) {
    this.projectDir = Objects.requireNonNull(b.projectDir, "projectDir").toAbsolutePath();
    this.reportDir = Objects.requireNonNull(b.reportDir, "reportDir").toAbsolutePath();
    this.runner = b.runner;
    this.trivyPath = b.trivyPath;
    this.trivyVersion = b.trivyVersion == null || b.trivyVersion.isBlank() ? null : b.trivyVersion;
    this.trivyImage =
        b.trivyImage != null && !b.trivyImage.isBlank()
            ? b.trivyImage
            : DEFAULT_TRIVY_IMAGE + ":" + (trivyVersion != null ? trivyVersion : "latest");
    this.timeout = b.timeout;
    this.cacheDir = b.cacheDir == null ? null : b.cacheDir.toAbsolutePath();
    this.skipDbUpdate = b.skipDbUpdate;
    this.skipJavaDbUpdate = b.skipJavaDbUpdate;
    this.offlineScan = b.offlineScan;
    this.network = b.network;
    this.dbRepository = blankToNull(b.dbRepository);
    this.javaDbRepository = blankToNull(b.javaDbRepository);
    String backend =
        b.cacheBackend == null ? "auto" : b.cacheBackend.trim().toLowerCase(java.util.Locale.ROOT);
    if (!backend.equals("auto") && !backend.equals("fs") && !backend.equals("memory")) {
      throw new IllegalArgumentException(
          "invalid cacheBackend '" + b.cacheBackend + "': use auto, fs or memory");
    }
    this.cacheBackend = backend;
    this.policy = b.policy;
    this.ignoreFiles = List.copyOf(b.ignoreFiles);
    Map<String, List<Path>> m = new LinkedHashMap<>();
    b.imageIgnoreFiles.forEach((k, v) -> m.put(k, List.copyOf(v)));
    this.imageIgnoreFiles = Map.copyOf(m);
    this.parallelism = b.parallelism;
    this.expiryWarningDays = b.expiryWarningDays;
    this.today = b.today != null ? b.today : LocalDate.now(java.time.ZoneOffset.UTC);
    this.env = Map.copyOf(b.env);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  public static Builder builder(Path projectDir, Path reportDir) {
    return new Builder(projectDir, reportDir);
  }

  public Path projectDir() {
    return projectDir;
  }

  /** {@code target/buildgate/docker}: SARIF, raw JSON. */
  public Path reportDir() {
    return reportDir;
  }

  public TrivyRunner runner() {
    return runner;
  }

  /** Configured Trivy executable, or null for PATH. */
  public Path trivyPath() {
    return trivyPath;
  }

  public String trivyImage() {
    return trivyImage;
  }

  /** The pinned version, or null to accept any. */
  public String trivyVersion() {
    return trivyVersion;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Trivy's cache dir (database under {@code db/}), or null for Trivy's default. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** {@code --skip-db-update}: configured, or always offline. */
  public boolean skipDbUpdate() {
    return skipDbUpdate || network.offline();
  }

  /** {@code --skip-java-db-update}: configured, or always offline. */
  public boolean skipJavaDbUpdate() {
    return skipJavaDbUpdate || network.offline();
  }

  /** {@code --offline-scan}: configured, or always offline. */
  public boolean offlineScan() {
    return offlineScan || network.offline();
  }

  /** Offline and the proxies Trivy gets ({@link Network#DIRECT} unless set). */
  public Network network() {
    return network;
  }

  /** {@code --db-repository} (a mirror of the vulnerability DB), or null for Trivy's default. */
  public String dbRepository() {
    return dbRepository;
  }

  /** {@code --java-db-repository}, or null for Trivy's default. */
  public String javaDbRepository() {
    return javaDbRepository;
  }

  /**
   * Trivy's layer cache: {@code fs} (in the cache dir; one Trivy process at a time), {@code memory}
   * (per process; nothing written to the cache dir) or {@code auto} (memory when scans run
   * concurrently, else fs).
   */
  public String cacheBackend() {
    return cacheBackend;
  }

  public ScanPolicy policy() {
    return policy;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Ignore files shared by every image. */
  public List<Path> ignoreFiles() {
    return ignoreFiles;
  }

  /** Ignore files per image name (added to the shared ones). */
  public Map<String, List<Path>> imageIgnoreFiles() {
    return imageIgnoreFiles;
  }

  /** Images scanned at once. */
  public int parallelism() {
    return parallelism;
  }

  /** Ignore entries expiring within this many days are warned about. */
  public int expiryWarningDays() {
    return expiryWarningDays;
  }

  public LocalDate today() {
    return today;
  }

  /** The environment (PATH for the tool lookup, DOCKER_HOST). */
  public Map<String, String> env() {
    return env;
  }

  /**
   * The variables that point Trivy at the build's daemon ({@link DockerHost}): the docker CLI's for
   * the container runner; {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and {@code
   * DOCKER_CERT_PATH} for the binary, whose Docker client reads no docker context. Empty when the
   * endpoint cannot be resolved (the scan's own error says why).
   *
   * @return name to value
   */
  public Map<String, String> daemonEnv() {
    try {
      DockerHost host = DockerHost.resolve(env, Path.of(System.getProperty("user.home")));
      return runner == TrivyRunner.IMAGE ? host.cliEnv() : host.clientEnv();
    } catch (IllegalStateException e) {
      return Map.of();
    }
  }

  /** Builder with the defaults of the reference pipeline. */
  public static final class Builder {
    private final Path projectDir;
    private final Path reportDir;
    private TrivyRunner runner = TrivyRunner.BINARY;
    private Path trivyPath;
    private String trivyImage;
    private String trivyVersion = DEFAULT_TRIVY_VERSION;
    private Duration timeout = Duration.ofMinutes(5);
    private Path cacheDir;
    private boolean skipDbUpdate;
    private boolean skipJavaDbUpdate;
    private boolean offlineScan;
    private String dbRepository;
    private String javaDbRepository;
    private String cacheBackend = "auto";
    private ScanPolicy policy = ScanPolicy.DEFAULT;
    private List<Path> ignoreFiles = List.of();
    private Map<String, List<Path>> imageIgnoreFiles = Map.of();
    private int parallelism = 4;
    private int expiryWarningDays = 14;
    private LocalDate today;
    private Map<String, String> env = System.getenv();
    private Network network = Network.DIRECT;

    private Builder(Path projectDir, Path reportDir) {
      this.projectDir = projectDir;
      this.reportDir = reportDir;
    }

    public Builder runner(TrivyRunner v) {
      this.runner = Objects.requireNonNull(v);
      return this;
    }

    /**
     * The runner by name: {@code BINARY} or {@code IMAGE}, any case.
     *
     * @throws IllegalArgumentException for another name
     */
    public Builder runner(String v) {
      return runner(TrivyRunner.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT)));
    }

    public Builder trivyPath(Path v) {
      this.trivyPath = v;
      return this;
    }

    public Builder trivyImage(String v) {
      this.trivyImage = v;
      return this;
    }

    public Builder trivyVersion(String v) {
      this.trivyVersion = v;
      return this;
    }

    public Builder timeout(Duration v) {
      this.timeout = Objects.requireNonNull(v);
      return this;
    }

    public Builder cacheDir(Path v) {
      this.cacheDir = v;
      return this;
    }

    public Builder skipDbUpdate(boolean v) {
      this.skipDbUpdate = v;
      return this;
    }

    public Builder skipJavaDbUpdate(boolean v) {
      this.skipJavaDbUpdate = v;
      return this;
    }

    public Builder offlineScan(boolean v) {
      this.offlineScan = v;
      return this;
    }

    /** Maven's offline switch and proxies (default {@link Network#DIRECT}). */
    public Builder network(Network v) {
      this.network = Objects.requireNonNull(v);
      return this;
    }

    public Builder dbRepository(String v) {
      this.dbRepository = v;
      return this;
    }

    public Builder javaDbRepository(String v) {
      this.javaDbRepository = v;
      return this;
    }

    public Builder cacheBackend(String v) {
      this.cacheBackend = v;
      return this;
    }

    public Builder policy(ScanPolicy v) {
      this.policy = Objects.requireNonNull(v);
      return this;
    }

    /**
     * The policy from comma-separated severities, e.g. {@code CRITICAL,HIGH}.
     *
     * @throws IllegalArgumentException naming an unknown severity, or for none
     */
    public Builder policy(String severities, boolean fixableOnly) {
      return policy(new ScanPolicy(ScanPolicy.parseSeverities(severities), fixableOnly));
    }

    public Builder ignoreFiles(List<Path> v) {
      this.ignoreFiles = v == null ? List.of() : v;
      return this;
    }

    public Builder imageIgnoreFiles(Map<String, List<Path>> v) {
      this.imageIgnoreFiles = v == null ? Map.of() : v;
      return this;
    }

    public Builder parallelism(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1");
      }
      this.parallelism = v;
      return this;
    }

    public Builder expiryWarningDays(int v) {
      this.expiryWarningDays = v;
      return this;
    }

    public Builder today(LocalDate v) {
      this.today = v;
      return this;
    }

    public Builder env(Map<String, String> v) {
      this.env = Objects.requireNonNull(v);
      return this;
    }

    public ScanConfig build() {
      return new ScanConfig(this);
    }
  }
}
