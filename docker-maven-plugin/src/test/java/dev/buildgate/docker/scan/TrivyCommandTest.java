package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrivyCommandTest {

  private static final Path PROJECT = Path.of("/work/p");
  private static final Path REPORTS = Path.of("/work/p/target/buildgate/docker");

  private static ImageTarget local() {
    return new ImageTarget(
        "backend",
        "ghcr.io/acme/shop/backend:main",
        List.of(),
        "sha256:1",
        null,
        1,
        1,
        "BUILT",
        true,
        null);
  }

  @Test
  void binaryRunner_reportsEverythingAndDecidesNothing() {
    ScanConfig c =
        ScanConfig.builder(PROJECT, REPORTS)
            .cacheDir(Path.of("/cache"))
            .skipDbUpdate(true)
            .skipJavaDbUpdate(true)
            .offlineScan(true)
            .timeout(Duration.ofMinutes(5))
            .env(Map.of())
            .build();
    List<String> argv =
        new TrivyCommand(c, List.of("/opt/trivy"))
            .scanArgv(
                local(),
                REPORTS.resolve("trivy-backend.json"),
                REPORTS.resolve(".trivy/empty.trivyignore"),
                false);
    assertThat(argv)
        .containsExactly(
            "/opt/trivy",
            "image",
            "--scanners",
            "vuln",
            "--format",
            "json",
            "--output",
            "/work/p/target/buildgate/docker/trivy-backend.json",
            "--quiet",
            "--exit-code",
            "0",
            "--severity",
            "UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL",
            "--ignorefile",
            "/work/p/target/buildgate/docker/.trivy/empty.trivyignore",
            "--timeout",
            "300s",
            "--image-src",
            "docker",
            "--cache-dir",
            "/cache",
            "--skip-db-update",
            "--skip-java-db-update",
            "--offline-scan",
            "ghcr.io/acme/shop/backend:main");
  }

  @Test
  void databaseDownloadedOnceBeforeTheScans() {
    ScanConfig c =
        ScanConfig.builder(PROJECT, REPORTS)
            .cacheDir(Path.of("/cache"))
            .dbRepository("127.0.0.1:5000/mirror/trivy-db:2")
            .env(Map.of())
            .build();
    TrivyCommand cmd = new TrivyCommand(c, List.of("trivy"));
    assertThat(cmd.downloadArgv(false))
        .containsExactly(
            "trivy",
            "image",
            "--download-db-only",
            "--quiet",
            "--timeout",
            "300s",
            "--cache-dir",
            "/cache",
            "--db-repository",
            "127.0.0.1:5000/mirror/trivy-db:2");
    assertThat(cmd.downloadArgv(true))
        .contains("--download-java-db-only")
        .doesNotContain("--db-repository");
  }

  @Test
  void imageSources() {
    assertThat(TrivyCommand.imageSource(local())).isEqualTo("docker");
    assertThat(TrivyCommand.imageSource(ImageTarget.configured("a/b:1")))
        .isEqualTo("docker,remote");
    ImageTarget pushedOnly =
        new ImageTarget("b", "r/b:1", List.of(), null, "sha256:2", 0, 0, "BUILT", false, null);
    assertThat(TrivyCommand.imageSource(pushedOnly)).isEqualTo("remote");
  }

  /**
   * The container runner cannot be run here: no image registry is reachable, so aquasec/trivy
   * cannot be pulled. Only its argv is checked.
   */
  @Test
  void containerRunner_argvOnly_notRunHereBecauseNoTrivyImageCanBePulled() {
    ScanConfig c =
        ScanConfig.builder(PROJECT, REPORTS)
            .runner(TrivyRunner.IMAGE)
            .cacheDir(Path.of("/cache"))
            .env(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock"))
            .build();
    TrivyCommand cmd = new TrivyCommand(c, List.of("/usr/bin/docker"));
    assertThat(cmd.versionArgv())
        .containsExactly(
            "/usr/bin/docker",
            "run",
            "--rm",
            "--label",
            "dev.buildgate.tool=trivy",
            "-v",
            "/run/user/1000/docker.sock:/var/run/docker.sock",
            "-v",
            "/cache:/buildgate/trivy-cache",
            "-v",
            "/work/p/target/buildgate/docker:/buildgate/reports",
            "aquasec/trivy:0.68.2",
            "version",
            "--format",
            "json",
            "--cache-dir",
            "/buildgate/trivy-cache");
    List<String> scan =
        cmd.scanArgv(
            local(),
            REPORTS.resolve("trivy-backend.json"),
            REPORTS.resolve(".trivy/empty.trivyignore"),
            true);
    assertThat(scan).containsSequence("--cache-backend", "memory");
    assertThat(scan).containsSequence("--output", "/buildgate/reports/trivy-backend.json");
    assertThat(scan)
        .containsSequence("--ignorefile", "/buildgate/reports/.trivy/empty.trivyignore");
    assertThat(scan).containsSequence("--cache-dir", "/buildgate/trivy-cache");
  }

  @Test
  void offlineNeverUpdatesTheDatabasesAndScansOffline() {
    ScanConfig c =
        ScanConfig.builder(PROJECT, REPORTS)
            .network(new dev.buildgate.core.net.Network(true, null, null))
            .env(Map.of())
            .build();
    assertThat(c.skipDbUpdate()).isTrue();
    assertThat(c.skipJavaDbUpdate()).isTrue();
    assertThat(c.offlineScan()).isTrue();
    List<String> argv =
        new TrivyCommand(c, List.of("/opt/trivy"))
            .scanArgv(local(), REPORTS.resolve("t.json"), REPORTS.resolve("e"), false);
    assertThat(argv).contains("--skip-db-update", "--skip-java-db-update", "--offline-scan");
    assertThat(TrivyErrors.noDatabase(c))
        .startsWith("No Trivy vulnerability database in ")
        .contains("Maven is offline (-o)")
        .endsWith("run the scan once without -o (or trivy image --download-db-only) to cache one");
    // online, nothing configured: the databases are updated once before the scans
    ScanConfig online = ScanConfig.builder(PROJECT, REPORTS).env(Map.of()).build();
    assertThat(online.skipDbUpdate() || online.offlineScan()).isFalse();
  }

  @Test
  void imageRunnerOfflineNeverPullsAndGetsTheProxyVariablesByNameOnly() {
    dev.buildgate.core.net.ProxySettings p =
        new dev.buildgate.core.net.ProxySettings("proxy.corp", 3128, "u", "pw", List.of());
    ScanConfig c =
        ScanConfig.builder(PROJECT, REPORTS)
            .runner(TrivyRunner.IMAGE)
            .network(new dev.buildgate.core.net.Network(true, p, p))
            .env(Map.of())
            .build();
    List<String> argv = new TrivyCommand(c, List.of("/usr/bin/docker")).versionArgv();
    String joined = String.join(" ", argv);
    assertThat(joined)
        .contains(
            "run --rm --label dev.buildgate.tool=trivy --pull never -e HTTP_PROXY -e http_proxy")
        .contains("-e NO_PROXY -e no_proxy -e UV_OFFLINE")
        .doesNotContain("pw");
  }
}
