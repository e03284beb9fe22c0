package dev.buildgate.docker.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ScanMojo wiring without a Maven runtime: parameters to configuration, errors to the right
 * exception with one line, and the summary section in every case. The gate against real Trivy is
 * covered by TrivyGateTest and the docker-scan-* invoker projects.
 */
class ScanMojoTest {

  @TempDir Path dir;

  private ScanMojo mojo() throws Exception {
    ScanMojo m = new ScanMojo();
    set(m, "imagesFile", dir.resolve("target/buildgate/docker/images.json").toFile());
    set(m, "trivyRunner", "BINARY");
    set(m, "trivyVersion", "0.68.2");
    set(m, "scanTimeout", "5m");
    set(m, "severities", "CRITICAL,HIGH");
    set(m, "fixableOnly", true);
    set(m, "scanParallelism", 4);
    set(m, "expiryWarningDays", 14);
    set(m, "trivyCacheBackend", "auto");
    set(m, "outputDirectory", dir.resolve("target/buildgate/docker").toFile());
    set(m, "buildgateDirectory", dir.resolve("target/buildgate").toFile());
    set(m, "basedir", dir.toFile());
    return m;
  }

  private static void set(Object o, String field, Object value) throws Exception {
    Field f;
    try {
      f = ScanMojo.class.getDeclaredField(field);
    } catch (NoSuchFieldException e) {
      f = AbstractDockerMojo.class.getDeclaredField(field); // settings shared by every docker goal
    }
    f.setAccessible(true);
    f.set(o, value);
  }

  private void imagesJson() throws Exception {
    Path f = dir.resolve("target/buildgate/docker/images.json");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "{\"schemaVersion\":1,\"fingerprint\":\"x\",\"images\":[{\"name\":\"app\",\"primaryRef\":\"acme/app:main\","
            + "\"refs\":[\"acme/app:main\"],\"imageId\":\"sha256:0123456789abcdef0123\",\"size\":2048,"
            + "\"durationMillis\":1500,\"status\":\"BUILT\",\"loaded\":true,\"newField\":{}}]}");
  }

  private String summary() throws Exception {
    return Files.readString(dir.resolve("target/buildgate/summary.md"));
  }

  @Test
  void skip_writesASkippedSection_neverPassed() throws Exception {
    imagesJson();
    ScanMojo m = mojo();
    set(m, "scanSkip", true);
    set(m, "trivyPath", new File("/nonexistent/trivy"));
    m.execute();
    assertThat(summary())
        .contains("Image scan SKIPPED (buildgate.docker.scan.skip)")
        .contains("SKIPPED: buildgate.docker.scan.skip")
        .contains("acme/app:main")
        .doesNotContain("PASSED");
    assertThat(dir.resolve("target/buildgate/docker/trivy-app.sarif")).doesNotExist();
  }

  @Test
  void badSeverities_failWithOneLine() throws Exception {
    ScanMojo m = mojo();
    set(m, "severities", "HIGH,SEVERE");
    assertThatThrownBy(m::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith(
            "Invalid docker:scan configuration: unknown severity 'SEVERE': use UNKNOWN, LOW, MEDIUM,"
                + " HIGH or CRITICAL")
        .hasMessageNotContaining("\n");
    assertThat(summary()).contains("unknown severity 'SEVERE'").doesNotContain("PASSED");
  }

  @Test
  void badTimeoutAndRunner_failWithOneLine() throws Exception {
    ScanMojo m = mojo();
    set(m, "scanTimeout", "five minutes");
    assertThatThrownBy(m::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining(
            "<scanTimeout> (buildgate.docker.scan.timeout) 'five minutes' is not a duration");
    ScanMojo m3 = mojo();
    set(m3, "trivyCacheBackend", "redis");
    assertThatThrownBy(m3::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("invalid cacheBackend 'redis': use auto, fs or memory");
    ScanMojo m2 = mojo();
    set(m2, "trivyRunner", "podman");
    assertThatThrownBy(m2::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("trivyRunner: BINARY or IMAGE");
  }

  @Test
  void nothingToScan_failsAndTheSummarySaysFailed() throws Exception {
    ScanMojo m = mojo();
    assertThatThrownBy(m::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("Nothing to scan: ")
        .hasMessageContaining("run docker:build first");
    assertThat(summary())
        .contains("Image scan (Trivy)")
        .contains("Nothing to scan")
        .doesNotContain("PASSED");
  }

  @Test
  void missingTrivy_couldNotRun_sarifAndFailedSummary() throws Exception {
    imagesJson();
    ScanMojo m = mojo();
    set(m, "trivyPath", dir.resolve("no/trivy").toFile());
    assertThatThrownBy(m::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith(
            "docker:scan could not run: Trivy not found: the configured trivyPath")
        .hasMessageNotContaining("\n");
    assertThat(dir.resolve("target/buildgate/docker/trivy-app.sarif")).isRegularFile();
    assertThat(summary())
        .contains("ERROR: Trivy not found")
        .contains("1.5 s (BUILT)")
        .doesNotContain("PASSED");
  }

  @Test
  void configuredRefsWithTheSameName_getDistinctReports() throws Exception {
    ScanMojo m = mojo();
    set(m, "scanImages", List.of("acme/app:1", "other/app:2"));
    set(m, "trivyPath", dir.resolve("no/trivy").toFile());
    assertThatThrownBy(m::execute).isInstanceOf(MojoExecutionException.class);
    assertThat(dir.resolve("target/buildgate/docker/trivy-app.sarif")).isRegularFile();
    assertThat(dir.resolve("target/buildgate/docker/trivy-other-app-2.sarif")).isRegularFile();
  }

  @Test
  void twoImagesWithOneReportName_failClosed() throws Exception {
    Path f = dir.resolve("target/buildgate/docker/images.json");
    Files.createDirectories(f.getParent());
    Files.writeString(
        f,
        "{\"schemaVersion\":1,\"images\":[{\"name\":\"App\",\"primaryRef\":\"a/app:1\"},"
            + "{\"name\":\"app\",\"primaryRef\":\"b/app:1\"}]}");
    ScanMojo m = mojo();
    assertThatThrownBy(m::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "docker:scan could not run: Two images map to the same report trivy-app.sarif (a/app:1"
                + " and b/app:1): give the images distinct names");
  }

  @Test
  void configuredRefs_replaceImagesJson() throws Exception {
    imagesJson();
    ScanMojo m = mojo();
    set(m, "scanImages", List.of("acme/one:1,acme/two:2"));
    set(m, "trivyPath", dir.resolve("no/trivy").toFile());
    assertThatThrownBy(m::execute).isInstanceOf(MojoExecutionException.class);
    assertThat(dir.resolve("target/buildgate/docker/trivy-one.sarif")).isRegularFile();
    assertThat(dir.resolve("target/buildgate/docker/trivy-two.sarif")).isRegularFile();
    assertThat(dir.resolve("target/buildgate/docker/trivy-app.sarif")).doesNotExist();
  }
}
