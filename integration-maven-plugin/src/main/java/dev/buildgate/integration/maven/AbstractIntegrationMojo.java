package dev.buildgate.integration.maven;

import dev.buildgate.core.ci.CiContext;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerHost;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.exec.Durations;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.compose.ServiceOverride;
import dev.buildgate.integration.stack.StackConfig;
import dev.buildgate.integration.test.StackUpToDate;
import dev.buildgate.integration.wait.WaitSpec;
import dev.buildgate.maven.AbstractGateMojo;
import dev.buildgate.maven.BuildgateMaven;
import dev.buildgate.maven.MavenRules;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Configuration shared by every integration goal: put it in the plugin-level {@code
 * <configuration>} so up, test, down and verify (also run alone) see the same stack.
 */
abstract class AbstractIntegrationMojo extends AbstractGateMojo {
  /** Skips every integration goal. */
  @Parameter(property = "buildgate.integration.skip", defaultValue = "false")
  protected boolean skip;

  /** The original compose file(s); later files override earlier ones. Never modified. */
  @Parameter(property = "buildgate.integration.composeFiles")
  protected List<File> composeFiles;

  /** Where relative paths in the compose files resolve (default: the first file's folder). */
  @Parameter(property = "buildgate.integration.projectDirectory")
  protected File projectDirectory;

  /** Edits that turn the dev compose file into the CI variant. */
  @Parameter protected List<ComposeOverride> overrides;

  /** Compose project name; default {@code bg-<artifactId>-<random>}, unique to this build. */
  @Parameter(property = "buildgate.integration.projectName")
  protected String projectName;

  /** {@code docker compose up --build}. */
  @Parameter(property = "buildgate.integration.build", defaultValue = "false")
  protected boolean build;

  /** {@code up --pull <policy>}: always, missing, never (empty: compose default). */
  @Parameter(property = "buildgate.integration.pull")
  protected String pull;

  /** Limit of {@code docker compose up} itself (image builds included). */
  @Parameter(property = "buildgate.integration.upTimeout", defaultValue = "10m")
  protected String upTimeout;

  /** Readiness waits, all under one deadline. */
  @Parameter protected List<ReadinessWait> waits;

  /** The one deadline for all readiness waits. */
  @Parameter(property = "buildgate.integration.readinessTimeout", defaultValue = "5m")
  protected String readinessTimeout;

  /** First poll interval of each wait (it then backs off). */
  @Parameter(property = "buildgate.integration.pollInterval", defaultValue = "100ms")
  protected String pollInterval;

  /** Seconds containers get to stop on down before they are killed (empty: compose's 10s). */
  @Parameter(property = "buildgate.integration.stopTimeout")
  protected String stopTimeout;

  /** Limit of {@code docker compose down}. */
  @Parameter(property = "buildgate.integration.downTimeout", defaultValue = "5m")
  protected String downTimeout;

  /** Log lines printed per service when the stack is not ready. */
  @Parameter(property = "buildgate.integration.logTailLines", defaultValue = "40")
  protected int logTailLines;

  /** Leave the stack running after the build (debugging); down still collects logs. */
  @Parameter(property = "buildgate.integration.keep", defaultValue = "false")
  protected boolean keep;

  /** Remove stacks left by earlier crashed builds of this project (same host, dead Maven). */
  @Parameter(property = "buildgate.integration.removeStale", defaultValue = "true")
  protected boolean removeStale;

  /** The docker CLI. */
  @Parameter(property = "buildgate.integration.docker", defaultValue = "docker")
  protected String docker;

  /**
   * The host where the stack's published ports are reached (readiness waits, {@code
   * integration.<service>.<port>} properties, the test command's environment). Default: the Docker
   * daemon's host, i.e. the host of a {@code tcp://} or {@code ssh://} {@code DOCKER_HOST} or
   * docker context, {@code 127.0.0.1} for a local socket.
   */
  @Parameter(property = "buildgate.integration.host")
  protected String host;

  /** Variables for compose itself (values the compose files interpolate). */
  @Parameter protected Map<String, String> composeEnvironment;

  /**
   * The Kubernetes part of the stack: {@code <kubeconfig>}, {@code <context>}, {@code <manifests>},
   * {@code <waits>}. up creates a namespace unique to the run (before the compose stack), applies
   * the manifests and waits (same deadline as the stack's waits); it exports {@code
   * integration.kube.namespace}, {@code .kubeconfig} (a kubeconfig of that namespace, credentials
   * inlined, owner-readable) and {@code .server}, and gives compose the variables
   * BUILDGATE_KUBECONFIG, BUILDGATE_KUBE_NAMESPACE and BUILDGATE_KUBE_SERVER (mount the kubeconfig
   * into a service). down collects objects, events and pod logs into the logs directory and deletes
   * the namespace; namespaces of killed builds are found by label and removed.
   */
  @Parameter protected Kubernetes kubernetes;

  /** Where the rendered file, state, result and logs go. */
  @Parameter(
      property = "buildgate.integration.outputDirectory",
      defaultValue = "${project.build.directory}/buildgate/integration")
  protected File outputDirectory;

  @Override
  protected final String plugin() {
    return "integration";
  }

  @Override
  protected final boolean pluginSkipped() {
    return skip;
  }

  /**
   * Skips the goal the way Failsafe does for {@code -DskipTests}, {@code -DskipITs} and {@code
   * -Dmaven.test.skip}: nothing is rendered, pulled or started; the summary says why.
   */
  @Override
  protected final boolean skippedByBuild() {
    Optional<String> testSkip = MavenRules.testSkip(session, project);
    if (testSkip.isEmpty()) {
      return false;
    }
    String property = testSkip.get();
    getLog().info("integration:" + goal() + " skipped (" + property + "): no stack is started");
    if (hasComposeFile()) { // a project without a stack has no integration section
      skipped(property);
    }
    return true;
  }

  protected Path basedir() {
    return project.getBasedir().toPath();
  }

  protected Path buildgateDir() {
    return BuildgateMaven.buildgateDir(project);
  }

  /** The up-to-date decision of this build's integration:up (followed by test, down, verify). */
  protected StackUpToDate upToDate() {
    return new StackUpToDate(
        outputDirectory.toPath().toAbsolutePath(),
        buildgateDir().resolve("state"),
        StackUpToDate.buildId(
            session.getRequest() == null || session.getRequest().getStartTime() == null
                ? 0L
                : session.getRequest().getStartTime().getTime()));
  }

  protected CiContext ciContext() throws MojoExecutionException {
    return BuildgateMaven.ciContext(session, project);
  }

  /** The daemon every part of the stack talks to (resolved once per goal). */
  private DockerHost daemon;

  protected DockerHost daemon() throws MojoExecutionException {
    if (daemon == null) {
      try {
        daemon = DockerHost.resolve(System.getenv(), Path.of(System.getProperty("user.home")));
      } catch (IllegalStateException e) {
        throw new MojoExecutionException(e.getMessage());
      }
    }
    return daemon;
  }

  protected DockerEngine engine() throws MojoExecutionException {
    DockerEngine engine = DockerEngine.connect(daemon());
    try {
      engine.ping();
    } catch (DockerUnavailableException e) {
      engine.close();
      throw new MojoExecutionException(e.getMessage());
    }
    return engine;
  }

  /**
   * False when no compose file is configured and none of the default names exists: a project of a
   * parent POM that binds the goals everywhere, without a stack of its own.
   */
  protected boolean hasComposeFile() {
    if (composeFiles != null && !composeFiles.isEmpty()) {
      return true;
    }
    for (String n : DEFAULT_FILES) {
      if (Files.isRegularFile(basedir().resolve(n))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a {@code <kubernetes>} part is configured. */
  protected boolean hasKubernetes() {
    return kubernetes != null;
  }

  /** The Kubernetes part (call only when {@link #hasKubernetes()}). */
  protected dev.buildgate.integration.kube.KubeStack kubeStack() throws MojoExecutionException {
    Path kc;
    if (kubernetes.kubeconfig != null) {
      kc = resolve(kubernetes.kubeconfig);
    } else if (System.getenv("KUBECONFIG") != null && !System.getenv("KUBECONFIG").isBlank()) {
      kc = Path.of(System.getenv("KUBECONFIG").split(java.io.File.pathSeparator)[0]);
    } else {
      kc = Path.of(System.getProperty("user.home"), ".kube", "config");
    }
    List<Path> manifests = new ArrayList<>();
    if (kubernetes.manifests != null) {
      for (File f : kubernetes.manifests) {
        manifests.add(resolve(f));
      }
    }
    Path out = outputDirectory.toPath().toAbsolutePath();
    return new dev.buildgate.integration.kube.KubeStack(
        new dev.buildgate.integration.kube.KubeStack.Config(
            kc,
            kubernetes.context,
            manifests,
            kubernetes.waits == null ? List.of() : kubernetes.waits,
            out.resolve("kube"),
            out.resolve("logs"),
            project.getGroupId() + ":" + project.getArtifactId(),
            ciContext().runId() == null
                ? Long.toString(System.currentTimeMillis(), 36)
                : ciContext().runId(),
            duration("<downTimeout>", downTimeout),
            kubernetes.cluster == null ? null : resolve(kubernetes.cluster),
            kubernetes.node),
        gateLog());
  }

  private static final List<String> DEFAULT_FILES =
      List.of("docker-compose.yaml", "docker-compose.yml", "compose.yaml", "compose.yml");

  protected StackConfig stackConfig() throws MojoExecutionException, IntegrationConfigException {
    List<Path> files = new ArrayList<>();
    if (composeFiles == null || composeFiles.isEmpty()) {
      for (String n : DEFAULT_FILES) {
        Path p = basedir().resolve(n);
        if (Files.isRegularFile(p)) {
          files.add(p);
          break;
        }
      }
      if (files.isEmpty()) {
        files.add(basedir().resolve("docker-compose.yaml"));
      }
    } else {
      for (File f : composeFiles) {
        files.add(resolve(f));
      }
    }
    List<ServiceOverride> ovs = new ArrayList<>();
    if (overrides != null) {
      int i = 0;
      for (ComposeOverride o : overrides) {
        i++;
        if (o.service == null || o.service.isBlank()) {
          throw new MojoExecutionException(
              "<overrides>: override #" + i + " has no <service>; name the compose service.");
        }
        ovs.add(o.toDomain());
      }
    }
    String runId = ciContext().runId();
    return new StackConfig(
        outputDirectory.toPath().toAbsolutePath(),
        files,
        projectDirectory == null ? null : resolve(projectDirectory),
        ovs,
        projectName,
        project.getGroupId() + ":" + project.getArtifactId(),
        runId,
        build,
        StackConfig.pullPolicy(pull, MavenRules.offline(session)),
        duration("<upTimeout>", upTimeout),
        waitSpecs(),
        duration("<readinessTimeout>", readinessTimeout),
        duration("<pollInterval>", pollInterval),
        stopTimeout == null || stopTimeout.isBlank()
            ? null
            : duration("<stopTimeout>", stopTimeout),
        duration("<downTimeout>", downTimeout),
        logTailLines,
        keep,
        removeStale,
        docker,
        composeEnvironment,
        blank(host) ? daemon().portHost() : host.trim(),
        daemon().remote());
  }

  private Path resolve(File f) {
    Path p = f.toPath();
    return (p.isAbsolute() ? p : basedir().resolve(p)).normalize();
  }

  private List<WaitSpec> waitSpecs() throws IntegrationConfigException {
    List<WaitSpec> out = new ArrayList<>();
    if (waits == null) {
      return out;
    }
    int i = 0;
    for (ReadinessWait w : waits) {
      out.add(w.toSpec("<waits>: wait #" + ++i));
    }
    return out;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * Parses a duration setting; see {@link Durations#parse}.
   *
   * @param field the setting as named in the message, e.g. {@code <upTimeout>}
   */
  static Duration duration(String field, String text) throws MojoExecutionException {
    try {
      return Durations.parse(field, text);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
  }

  /** Project context key: secret values integration:test resolved (its credentials' passwords). */
  static final String SECRETS_KEY = "buildgate.integration.secrets";

  /**
   * Secret values known in this build for this project (the test command's credentials, recorded by
   * integration:test in memory, never on disk): masked in compose's output and the inspect dumps.
   *
   * @return the values
   */
  @SuppressWarnings("unchecked")
  protected java.util.List<String> knownSecrets() {
    Object v = project == null ? null : project.getContextValue(SECRETS_KEY);
    return v instanceof java.util.List<?> l ? (java.util.List<String>) l : java.util.List.of();
  }

  /**
   * Records secret values for the later goals of this build ({@link #knownSecrets}).
   *
   * @param values the values
   */
  protected void rememberSecrets(java.util.Collection<String> values) {
    if (project == null || values.isEmpty()) {
      return;
    }
    java.util.Set<String> all = new java.util.LinkedHashSet<>(knownSecrets());
    all.addAll(values);
    project.setContextValue(SECRETS_KEY, java.util.List.copyOf(all));
  }
}
