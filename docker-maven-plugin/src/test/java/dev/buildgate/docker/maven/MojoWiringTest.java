package dev.buildgate.docker.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.docker.BuildxCommand;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.build.BuildConfig;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Model;
import org.apache.maven.model.Scm;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mojo parameters to domain config, without a Maven runtime. */
class MojoWiringTest {
  @TempDir Path dir;

  @SuppressWarnings("deprecation")
  private <T extends AbstractDockerMojo> T wire(T mojo, Properties user) {
    Model model = new Model();
    model.setGroupId("acme");
    model.setArtifactId("Shop");
    model.setVersion("2.1.0");
    Scm scm = new Scm();
    scm.setUrl("https://github.com/Acme/Shop");
    model.setScm(scm);
    MavenProject project = new MavenProject(model);
    project.setFile(dir.resolve("pom.xml").toFile());
    mojo.setProject(project);
    MavenExecutionRequest req = new DefaultMavenExecutionRequest();
    req.setUserProperties(user);
    req.setSystemProperties(new Properties());
    mojo.setSession(new MavenSession(null, req, null, project));
    mojo.outputDirectory = dir.resolve("target/buildgate/docker").toFile();
    mojo.buildgateDirectory = dir.resolve("target/buildgate").toFile();
    mojo.dockerExecutable = "docker";
    if (mojo instanceof BuildMojo b) {
      b.timeout = "30m"; // the parameter's default
    }
    return mojo;
  }

  private static Properties ci(String... kv) {
    Properties p = new Properties();
    p.setProperty("buildgate.ci.provider", "local");
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void parallelismBelowOneIsAOneLineError() {
    for (int p : new int[] {0, -1}) {
      BuildMojo m = wire(new BuildMojo(), ci());
      m.parallelism = p;
      m.images.add(new Image());
      assertThatThrownBy(m::config)
          .isInstanceOf(DockerConfigException.class)
          .hasMessage(
              "docker: <parallelism> (buildgate.docker.parallelism) is "
                  + p
                  + ": it is how many images build at once, at least 1 (default 4).");
    }
  }

  @Test
  void buildConfigFromParametersAndCiContext() throws Exception {
    BuildMojo m =
        wire(
            new BuildMojo(),
            ci(
                "buildgate.ci.pullRequest",
                "42",
                "buildgate.ci.sha",
                "abcdef0123456789",
                "buildgate.ci.owner",
                "Acme"));
    m.registry = "GHCR.io";
    m.builder = "auto";
    m.parallelism = 3;
    m.ociLabels = true;
    m.timeout = "5m";
    Image base = new Image();
    base.name = "base";
    base.context = "backend";
    base.dockerfile = "backend/Dockerfile.base";
    Image app = new Image();
    app.name = "app";
    app.contexts.put("base", "base");
    app.pull = "always";
    m.images.add(base);
    m.images.add(app);
    BuildConfig cfg = m.config();
    assertThat(cfg.imagePrefix()).isEqualTo("ghcr.io/acme/shop");
    assertThat(cfg.tags()).containsExactly("pr-42", "sha-abcdef0");
    assertThat(cfg.branchScope()).isEqualTo("pr-42");
    assertThat(cfg.defaultScope()).isEqualTo("main");
    assertThat(cfg.parallelism()).isEqualTo(3);
    assertThat(cfg.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(cfg.images().get(0).context()).isEqualTo(dir.resolve("backend"));
    assertThat(cfg.images().get(0).dockerfile()).isEqualTo(dir.resolve("backend/Dockerfile.base"));
    assertThat(cfg.images().get(1).dockerfile()).isEqualTo(dir.resolve("Dockerfile"));
    assertThat(cfg.images().get(1).pull()).isEqualTo(BuildxCommand.Pull.ALWAYS);
    assertThat(cfg.images().get(0).pull()).isEqualTo(BuildxCommand.Pull.NEVER);
    assertThat(cfg.defaultLabels())
        .containsEntry("org.opencontainers.image.source", "https://github.com/Acme/Shop")
        .containsEntry("org.opencontainers.image.revision", "abcdef0123456789")
        .containsEntry("org.opencontainers.image.version", "2.1.0")
        .containsKey("org.opencontainers.image.created");
    assertThat(cfg.cache().type()).isEqualTo("auto");
    assertThat(cfg.cache().directory()).isEqualTo(dir.resolve("target/buildgate/docker/cache"));
  }

  @Test
  void theBuildTimeoutIsADurationAndANumberWithoutUnitIsSeconds() throws Exception {
    BuildMojo m = wire(new BuildMojo(), ci("buildgate.ci.branch", "main"));
    m.builder = "auto";
    Image app = new Image();
    app.name = "app";
    m.images.add(app);
    m.timeout = "90";
    assertThat(m.config().timeout()).isEqualTo(Duration.ofSeconds(90));
    m.timeout = "30 minutes";
    assertThatThrownBy(m::config)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith(
            "<timeout> (buildgate.docker.build.timeout) '30 minutes' is not a duration: use e.g.");
    m.timeout = "0s";
    assertThatThrownBy(m::config).hasMessageContaining("must be longer than zero");
  }

  @Test
  void offlineNeverPullsAndNeverPushes() throws Exception {
    BuildMojo m = wire(new BuildMojo(), ci("buildgate.ci.branch", "main"));
    m.getSession().getRequest().setOffline(true);
    m.builder = "auto";
    Image app = new Image();
    app.name = "app";
    app.pull = "always";
    m.images.add(app);
    assertThat(m.config().images().get(0).pull()).isEqualTo(BuildxCommand.Pull.NEVER);
    m.push = true;
    assertThatThrownBy(m::config)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessage(
            "offline: docker:build would push the images to the registry (<push>true</push>);"
                + " run without -o");
  }

  @Test
  void explicitPrefixIsLowerCasedAndBadPullIsAnError() throws Exception {
    BuildMojo m = wire(new BuildMojo(), ci("buildgate.ci.branch", "main"));
    m.imagePrefix = "Registry.Example:5000/Team/";
    Image i = new Image();
    i.name = "x";
    i.pull = "sometimes";
    m.images.add(i);
    assertThatThrownBy(m::config)
        .isInstanceOf(DockerConfigException.class)
        .hasMessageContaining("<pull>sometimes</pull> must be never, always or default");
    i.pull = null;
    assertThat(m.config().imagePrefix()).isEqualTo("registry.example:5000/team");
    assertThat(m.config().tags()).containsExactly("main", "latest");
  }

  @Test
  void settingsServersBecomeRegistryCredentials() {
    PushMojo m = wire(new PushMojo(), ci());
    Settings settings = new Settings();
    Server reg = new Server();
    reg.setId("127.0.0.1:5000");
    reg.setUsername("ci");
    reg.setPassword("pw");
    Server keyOnly = new Server();
    keyOnly.setId("ssh-host");
    keyOnly.setPrivateKey(new File("/nonexistent").getPath());
    settings.addServer(reg);
    settings.addServer(keyOnly);
    m.settings = settings;
    var servers = m.servers();
    assertThat(servers).containsOnlyKeys("127.0.0.1:5000");
    assertThat(servers.get("127.0.0.1:5000").username()).isEqualTo("ci");
    assertThat(servers.get("127.0.0.1:5000").password()).isEqualTo("pw");
    assertThat(servers.get("127.0.0.1:5000").source())
        .isEqualTo("settings.xml server '127.0.0.1:5000'");
  }

  @Test
  void skipFlags() throws Exception {
    BuildMojo b = wire(new BuildMojo(), ci());
    b.buildSkip = true;
    b.execute(); // no images, no daemon needed: skipped
    PushMojo p = wire(new PushMojo(), ci());
    p.skip = true;
    p.execute();
  }
}
