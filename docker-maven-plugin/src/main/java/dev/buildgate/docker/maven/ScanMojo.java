package dev.buildgate.docker.maven;

import dev.buildgate.core.exec.Durations;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.net.Network;
import dev.buildgate.docker.scan.ScanConfig;
import dev.buildgate.docker.scan.ScanException;
import dev.buildgate.docker.scan.ScanGate;
import dev.buildgate.docker.scan.ScanPolicy;
import dev.buildgate.docker.scan.ScanTargets;
import dev.buildgate.maven.BackgroundGates;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Scans every image {@code docker:build} recorded in {@code images.json} (or the configured {@code
 * images}) with Trivy, concurrently, and fails the build on a non-ignored vulnerability of the
 * configured severities (default: CRITICAL or HIGH with a fix). The verdict is decided from Trivy's
 * JSON report, never from its exit code; a scan that cannot run fails the build (fail closed).
 * Writes {@code trivy-<image>.json} and {@code trivy-<image>.sarif} under {@code
 * target/buildgate/docker/} (SARIF always, also when the gate fails) and the image section of the
 * pipeline summary.
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ScanMojo extends AbstractDockerMojo {

  /** Skips the scan; the pipeline summary then says SKIPPED (never passed). */
  @Parameter(property = "buildgate.docker.scan.skip", defaultValue = "false")
  private boolean scanSkip;

  /** The images written by docker:build. */
  @Parameter(
      property = "buildgate.docker.scan.imagesFile",
      defaultValue = "${project.build.directory}/buildgate/docker/images.json")
  private File imagesFile;

  /**
   * Image references to scan instead of those in {@code images.json} (comma-separated on the
   * command line), e.g. {@code ghcr.io/acme/shop/backend:main}.
   */
  @Parameter(property = "buildgate.docker.scan.images")
  private List<String> scanImages;

  /**
   * Names of built images not to scan (comma-separated on the command line), e.g. a base image: its
   * layers are scanned as part of every image built {@code FROM} it.
   */
  @Parameter(property = "buildgate.docker.scan.excludeImages")
  private List<String> excludeImages;

  /**
   * {@code BINARY} (trivyPath, else trivy on PATH) or {@code IMAGE} (the Trivy image via docker).
   */
  @Parameter(property = "buildgate.docker.scan.runner", defaultValue = "BINARY")
  private String trivyRunner;

  /** The trivy executable; default: trivy from PATH. */
  @Parameter(property = "buildgate.docker.scan.trivyPath")
  private File trivyPath;

  /** The Trivy image for {@code runner=IMAGE}; default {@code aquasec/trivy:<trivyVersion>}. */
  @Parameter(property = "buildgate.docker.scan.trivyImage")
  private String trivyImage;

  /** The pinned Trivy version; the version found must equal it. Empty accepts any version. */
  @Parameter(
      property = "buildgate.docker.scan.trivyVersion",
      defaultValue = ScanConfig.DEFAULT_TRIVY_VERSION)
  private String trivyVersion;

  /** Timeout per image scan, e.g. {@code 5m}, {@code 300s}. */
  @Parameter(property = "buildgate.docker.scan.timeout", defaultValue = "5m")
  private String scanTimeout;

  /** Trivy's cache directory (its database lives in {@code <cacheDir>/db}); default Trivy's own. */
  @Parameter(property = "buildgate.docker.scan.cacheDir")
  private File trivyCacheDir;

  /** Use the database in the cache dir as is ({@code --skip-db-update}); fails if there is none. */
  @Parameter(property = "buildgate.docker.scan.skipDbUpdate", defaultValue = "false")
  private boolean skipDbUpdate;

  /** {@code --skip-java-db-update}. */
  @Parameter(property = "buildgate.docker.scan.skipJavaDbUpdate", defaultValue = "false")
  private boolean skipJavaDbUpdate;

  /** {@code --offline-scan}: no network lookups while scanning. */
  @Parameter(property = "buildgate.docker.scan.offline", defaultValue = "false")
  private boolean offlineScan;

  /** A mirror of Trivy's vulnerability DB ({@code --db-repository}), e.g. an internal registry. */
  @Parameter(property = "buildgate.docker.scan.dbRepository")
  private String dbRepository;

  /** A mirror of Trivy's Java DB ({@code --java-db-repository}). */
  @Parameter(property = "buildgate.docker.scan.javaDbRepository")
  private String javaDbRepository;

  /**
   * Trivy's layer cache: {@code auto} (in-memory when several scans run at once, since Trivy's
   * file-system cache admits one process; else the file-system cache in the cache dir), {@code fs}
   * or {@code memory} (nothing written to the cache dir: use it when the cache dir is shared by
   * several builds).
   */
  @Parameter(property = "buildgate.docker.scan.cacheBackend", defaultValue = "auto")
  private String trivyCacheBackend;

  /** Severities that fail the gate. */
  @Parameter(property = "buildgate.docker.scan.severities", defaultValue = "CRITICAL,HIGH")
  private String severities;

  /** Only vulnerabilities with a fix fail the gate (Trivy's ignore-unfixed). */
  @Parameter(property = "buildgate.docker.scan.fixableOnly", defaultValue = "true")
  private boolean fixableOnly;

  /**
   * Ignore files shared by every image ({@code .trivyignore} text or {@code .trivyignore.yaml}).
   * Default: {@code ${project.basedir}/.trivyignore} and {@code .trivyignore.yaml} when they exist.
   */
  @Parameter private List<File> ignoreFiles;

  /**
   * Extra ignore files per image name, comma-separated, e.g. {@code
   * <backend>backend/.trivyignore</backend>}.
   */
  @Parameter private Map<String, String> imageIgnoreFiles;

  /** How many images are scanned at once. */
  @Parameter(property = "buildgate.docker.scan.parallelism", defaultValue = "4")
  private int scanParallelism;

  /** Ignore entries expiring within this many days are warned about. */
  @Parameter(property = "buildgate.docker.scan.expiryWarningDays", defaultValue = "14")
  private int expiryWarningDays;

  /**
   * Skips an image whose last scan passed when its inputs are unchanged: image id/digest, Trivy
   * version, DB metadata, ignore files (and which entries have expired by today), policy and Trivy
   * arguments. Its last verdict is shown as {@code PASSED (up to date)}; failed scans are never
   * recorded. {@code -Dbuildgate.docker.scan.upToDateCheck=false} scans every image.
   */
  @Parameter(property = "buildgate.docker.scan.upToDateCheck", defaultValue = "true")
  private boolean upToDateCheck;

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  private File basedir;

  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String pluginVersion;

  @Override
  protected String goal() {
    return "scan";
  }

  @Override
  protected boolean goalSkipped() {
    return scanSkip;
  }

  /**
   * Scans in the background when a later Buildgate goal of the build reports it (the images are
   * built already; {@code docker:push} waits for the verdict).
   */
  @Override
  protected BackgroundGates.Mode mode() {
    return BackgroundGates.Mode.BACKGROUND;
  }

  /** The image section says SKIPPED (never passed), with the images that were not scanned. */
  @Override
  protected void skipped(String property) {
    gate().skipped(property, targets(), ScanPolicy.orDefault(severities, fixableOnly));
  }

  @Override
  protected void run() throws MojoExecutionException, ScanException, GateFailedException {
    ScanGate gate = gate();
    ScanTargets targets = targets();
    Network network;
    try {
      network = network();
    } catch (MojoExecutionException e) {
      gate.couldNotRun(e.getMessage());
      throw e;
    }
    gate.run(
        () -> config(network),
        targets,
        new LocalProcessRunner(),
        upToDateCheck,
        pluginVersion == null ? "dev" : pluginVersion,
        System.out);
  }

  private ScanGate gate() {
    return new ScanGate(buildgateDirectory.toPath(), gateLog());
  }

  private ScanTargets targets() {
    return ScanTargets.of(scanImages, imagesFile.toPath(), excludeImages);
  }

  /** The configuration; the builder validates (the gate turns its error into one line). */
  private ScanConfig config(Network network) {
    Path base = basedir.toPath();
    List<Path> shared = new ArrayList<>();
    if (ignoreFiles == null) {
      for (String n : List.of(".trivyignore", ".trivyignore.yaml")) {
        if (Files.isRegularFile(base.resolve(n))) {
          shared.add(base.resolve(n));
        }
      }
    } else {
      ignoreFiles.forEach(f -> shared.add(f.toPath()));
    }
    Map<String, List<Path>> perImage = new LinkedHashMap<>();
    if (imageIgnoreFiles != null) {
      imageIgnoreFiles.forEach(
          (name, csv) -> {
            List<Path> l = new ArrayList<>();
            for (String p : csv == null ? new String[0] : csv.split(",")) {
              if (!p.isBlank()) {
                l.add(Path.of(p.trim()));
              }
            }
            perImage.put(name, l);
          });
    }
    return ScanConfig.builder(base, outputDirectory.toPath())
        .runner(trivyRunner)
        .trivyPath(trivyPath == null ? null : trivyPath.toPath())
        .trivyImage(trivyImage)
        .trivyVersion(trivyVersion)
        .timeout(
            Durations.parsePositive("<scanTimeout> (buildgate.docker.scan.timeout)", scanTimeout))
        .cacheDir(trivyCacheDir == null ? null : trivyCacheDir.toPath())
        .skipDbUpdate(skipDbUpdate)
        .skipJavaDbUpdate(skipJavaDbUpdate)
        .offlineScan(offlineScan)
        .network(network)
        .dbRepository(dbRepository)
        .javaDbRepository(javaDbRepository)
        .cacheBackend(trivyCacheBackend)
        .policy(severities, fixableOnly)
        .ignoreFiles(shared)
        .imageIgnoreFiles(perImage)
        .parallelism(scanParallelism)
        .expiryWarningDays(expiryWarningDays)
        .env(System.getenv())
        .build();
  }
}
