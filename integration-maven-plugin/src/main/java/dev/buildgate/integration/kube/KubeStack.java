package dev.buildgate.integration.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.StackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes side of integration:up / integration:down. {@link #up} checks all configuration
 * first (kubeconfig and context, every manifest, every wait), so bad input leaves nothing behind;
 * then removes namespaces of killed builds, creates the run's namespace, applies the manifests and
 * waits, all before the given deadline (the stack's one deadline). A failure after the namespace
 * exists collects its dumps and deletes it. {@link #down} collects and deletes.
 */
public final class KubeStack {

  /**
   * The configuration.
   *
   * @param kubeconfig the kubeconfig file
   * @param context the context, or null for the current one
   * @param manifests manifest files, applied in order
   * @param waits wait specs (deployment/x, pod/x, job/x)
   * @param workDir where the run's kubeconfig and state are written
   * @param logsDir where dumps are collected (a kube/ directory per namespace)
   * @param projectKey groupId:artifactId
   * @param runId the run's id (part of the namespace name)
   * @param deleteTimeout how long the namespace deletion may take
   * @param clusterBinaries a directory with etcd and kube-apiserver: the plugin starts a cluster of
   *     its own (then kubeconfig and context are ignored); null attaches to the kubeconfig's
   * @param node with clusterBinaries: the managed cluster also runs a node (kubelet, containerd,
   *     scheduler, controller manager) so pods run, with the manifests' images from the local
   *     Docker engine
   */
  public record Config(
      Path kubeconfig,
      String context,
      List<Path> manifests,
      List<String> waits,
      Path workDir,
      Path logsDir,
      String projectKey,
      String runId,
      Duration deleteTimeout,
      Path clusterBinaries,
      boolean node) {
    /** A configuration without a node (pods do not run in a managed cluster). */
    public Config(
        Path kubeconfig,
        String context,
        List<Path> manifests,
        List<String> waits,
        Path workDir,
        Path logsDir,
        String projectKey,
        String runId,
        Duration deleteTimeout,
        Path clusterBinaries) {
      this(
          kubeconfig,
          context,
          manifests,
          waits,
          workDir,
          logsDir,
          projectKey,
          runId,
          deleteTimeout,
          clusterBinaries,
          false);
    }
  }

  /** What up exports: the namespace and a kubeconfig for it (context namespace set). */
  public record State(String namespace, Path kubeconfig, String server, String context) {
    /** Properties for the project (integration.kube.*). */
    public Map<String, String> properties() {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("integration.kube.namespace", namespace);
      p.put("integration.kube.kubeconfig", kubeconfig.toString());
      p.put("integration.kube.server", server);
      return p;
    }

    /** Environment for the test command and compose services. */
    public Map<String, String> environment() {
      return Map.of("KUBECONFIG", kubeconfig.toString(), "KUBE_NAMESPACE", namespace);
    }
  }

  private final Config cfg;
  private final GateLog log;

  public KubeStack(Config cfg, GateLog log) {
    this.cfg = cfg;
    this.log = log;
  }

  public Path stateFile() {
    return cfg.workDir().resolve("kube.json");
  }

  private List<KubeWait> waits = List.of();
  private KubeRun run;

  /**
   * Starts the run's Kubernetes part; see the class comment.
   *
   * @param deadline the waits' deadline, or null to leave the waits to {@link #await}
   */
  public State up(Instant deadline)
      throws IntegrationConfigException, StackException, InterruptedException {
    if (cfg.node() && cfg.clusterBinaries() == null) {
      throw new IntegrationConfigException(
          "<kubernetes><node> needs <cluster> (a node runs only in a cluster the plugin starts):"
              + " add <cluster> or remove <node>");
    }
    Kubeconfig kc =
        cfg.clusterBinaries() == null ? Kubeconfig.load(cfg.kubeconfig(), cfg.context()) : null;
    List<Manifests.Manifest> manifests = Manifests.read(cfg.manifests());
    List<KubeWait> parsed = new ArrayList<>();
    for (String w : cfg.waits()) {
      parsed.add(KubeWait.parse(w));
    }
    waits = parsed;
    if (kc == null) {
      ManagedCluster cluster =
          new ManagedCluster(
              cfg.clusterBinaries(), cfg.workDir(), log, cfg.node(), Manifests.images(manifests));
      Path admin =
          cluster.start(
              deadline == null ? Instant.now().plus(ManagedCluster.START_TIMEOUT) : deadline);
      kc = Kubeconfig.load(admin, null);
    }
    KubeClient client = new KubeClient(kc);
    run = new KubeRun(client, log, Duration.ofMillis(250));
    run.sweep(cfg.projectKey(), cfg.logsDir().resolve("kube"), cfg.deleteTimeout());
    String ns = KubeRun.namespaceName(cfg.projectKey(), cfg.runId());
    run.createNamespace(ns, cfg.projectKey());
    try {
      State state = new State(ns, cfg.workDir().resolve("kubeconfig"), kc.server(), kc.context());
      writeState(kc, state);
      run.apply(ns, manifests);
      if (deadline != null) {
        run.await(ns, waits, deadline);
      }
      return state;
    } catch (StackException | RuntimeException | InterruptedException e) {
      run.collect(ns, cfg.logsDir().resolve("kube").resolve(ns));
      try {
        run.deleteNamespace(ns, cfg.deleteTimeout());
        Files.deleteIfExists(stateFile());
      } catch (StackException | IOException ex) {
        log.warn(ex.getMessage());
      }
      if (cfg.clusterBinaries() != null) {
        cluster().stop();
      }
      throw e;
    }
  }

  /**
   * The waits of an {@link #up} that left them (the caller runs {@link #down} when this fails).
   *
   * @param state what up returned
   * @param deadline the one deadline
   */
  public void await(State state, Instant deadline) throws StackException, InterruptedException {
    run.await(state.namespace(), waits, deadline);
  }

  private void writeState(Kubeconfig kc, State state) throws StackException {
    try {
      Files.createDirectories(cfg.workDir());
      Path k = state.kubeconfig();
      Files.deleteIfExists(k);
      Files.createFile(
          k, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(k, kc.render(state.namespace(), kc.server()), StandardCharsets.UTF_8);
      Map<String, String> s = new LinkedHashMap<>();
      s.put("namespace", state.namespace());
      s.put("kubeconfig", kc.file().toAbsolutePath().toString());
      s.put("context", kc.context());
      Files.writeString(stateFile(), InputLimits.jsonMapper().writeValueAsString(s));
    } catch (IOException e) {
      throw new StackException("cannot write " + cfg.workDir() + ": " + e.getMessage());
    }
  }

  /**
   * Collects the recorded namespace's dumps and deletes it, then removes namespaces of killed
   * builds.
   *
   * @return the namespace deleted, or null when no run was recorded
   */
  public String down() throws IntegrationConfigException, StackException, InterruptedException {
    try {
      return downNamespace();
    } finally {
      if (cfg.clusterBinaries() != null || Files.isRegularFile(cluster().stateFile())) {
        cluster().stop();
      }
    }
  }

  /** The managed cluster (its processes and data under the work directory). */
  public ManagedCluster cluster() {
    return new ManagedCluster(cfg.clusterBinaries(), cfg.workDir(), log);
  }

  /**
   * Stops a managed cluster when the JVM exits (a failed or interrupted build whose down never
   * runs); nothing to do when attached to a cluster.
   */
  public void stopClusterAtExit() {
    if (cfg.clusterBinaries() != null) {
      ManagedCluster c = cluster();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> c.stop(), "buildgate-kube-cluster-stop"));
    }
  }

  private String downNamespace()
      throws IntegrationConfigException, StackException, InterruptedException {
    if (!Files.isRegularFile(stateFile())) {
      return null;
    }
    JsonNode s;
    try {
      s = InputLimits.jsonMapper().readTree(stateFile().toFile());
    } catch (IOException e) {
      throw new StackException("cannot read " + stateFile() + ": " + e.getMessage());
    }
    String ns = s.path("namespace").asText();
    Kubeconfig kc =
        Kubeconfig.load(Path.of(s.path("kubeconfig").asText()), s.path("context").asText());
    KubeRun run = new KubeRun(new KubeClient(kc), log, Duration.ofMillis(250));
    run.collect(ns, cfg.logsDir().resolve("kube").resolve(ns));
    run.deleteNamespace(ns, cfg.deleteTimeout());
    try {
      Files.deleteIfExists(stateFile());
      Files.deleteIfExists(cfg.workDir().resolve("kubeconfig"));
    } catch (IOException e) {
      log.warn("cannot remove " + stateFile() + ": " + e.getMessage());
    }
    run.sweep(cfg.projectKey(), cfg.logsDir().resolve("kube"), cfg.deleteTimeout());
    return ns;
  }
}
