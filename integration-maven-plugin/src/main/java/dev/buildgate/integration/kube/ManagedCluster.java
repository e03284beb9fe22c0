package dev.buildgate.integration.kube;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.stack.Stack;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A control plane the plugin starts for the run: etcd and kube-apiserver from a directory of
 * binaries (.ci/build-kube.sh builds them), on free 127.0.0.1 ports, data under the work directory,
 * a random bearer token in group system:masters. Without a node, no kubelet and no controller
 * manager: objects are stored and served, pods do not run; with one ({@link ManagedNode}) pods run.
 * {@code cluster.json} records the processes so {@code integration:down} (also alone, also after a
 * killed build) stops them.
 */
public final class ManagedCluster {

  private final Path binaries;
  private final Path dir;
  private final GateLog log;

  private final boolean node;
  private final List<String> images;

  public ManagedCluster(Path binaries, Path workDir, GateLog log) {
    this(binaries, workDir, log, false, List.of());
  }

  /**
   * A cluster that, with {@code node}, also runs a node (see {@link ManagedNode}): pods run.
   *
   * @param images images of the local Docker engine the node's containerd gets (no pulls)
   */
  public ManagedCluster(
      Path binaries, Path workDir, GateLog log, boolean node, List<String> images) {
    this.binaries = binaries;
    this.dir = workDir.resolve("cluster");
    this.log = log;
    this.node = node;
    this.images = images;
  }

  public Path stateFile() {
    return dir.resolve("cluster.json");
  }

  /**
   * Starts etcd and kube-apiserver and waits until the API server is ready.
   *
   * @return the kubeconfig written for it
   */
  public Path start(Instant deadline)
      throws IntegrationConfigException, StackException, InterruptedException {
    for (String b : List.of("etcd", "kube-apiserver")) {
      if (!Files.isExecutable(binaries.resolve(b))) {
        throw new IntegrationConfigException(
            "<kubernetes><cluster> "
                + binaries
                + " has no executable "
                + b
                + ": build them with .ci/build-kube.sh (etcd and kube-apiserver from the Go module"
                + " proxy), or attach to a cluster with <kubeconfig>");
      }
    }
    String missing = node ? ManagedNode.missing(binaries) : null;
    if (missing != null) {
      throw new IntegrationConfigException(
          "<kubernetes><node> "
              + (missing.startsWith("/") ? missing : binaries.resolve(missing))
              + " is missing: build the node parts with .ci/build-kube.sh, or remove <node>");
    }
    stop(); // a cluster an earlier run of this project left
    List<ProcessHandle> started = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      String token = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(24));
      Path tokens = dir.resolve("tokens.csv");
      secretFile(tokens, token + ",buildgate,buildgate,system:masters\n");
      var kpg = KeyPairGenerator.getInstance("RSA");
      kpg.initialize(2048);
      String key =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(kpg.generateKeyPair().getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Path saKey = dir.resolve("sa.key");
      secretFile(saKey, key);
      int etcdPort = freePort();
      int peerPort = freePort();
      int port = freePort();
      started.add(
          start(
              "etcd",
              binaries.resolve("etcd").toString(),
              "--data-dir=" + dir.resolve("etcd"),
              "--listen-client-urls=http://127.0.0.1:" + etcdPort,
              "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
              "--listen-peer-urls=http://127.0.0.1:" + peerPort,
              "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
              "--initial-cluster=default=http://127.0.0.1:" + peerPort));
      started.add(
          start(
              "kube-apiserver",
              binaries.resolve("kube-apiserver").toString(),
              "--etcd-servers=http://127.0.0.1:" + etcdPort,
              "--bind-address=127.0.0.1",
              "--advertise-address=127.0.0.1",
              "--secure-port=" + port,
              "--cert-dir=" + dir.resolve("certs"),
              "--token-auth-file=" + tokens,
              "--service-account-key-file=" + saKey,
              "--service-account-signing-key-file=" + saKey,
              "--service-account-issuer=https://kubernetes.default.svc",
              "--authorization-mode=RBAC",
              "--endpoint-reconciler-type=none",
              "--service-cluster-ip-range=10.96.0.0/16"));
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("owner", Stack.owner());
      state.put("pids", started.stream().map(ProcessHandle::pid).toList());
      saveState(state, started);
      Path kubeconfig = dir.resolve("admin.kubeconfig");
      awaitCert(deadline, started);
      secretFile(
          kubeconfig,
          "apiVersion: v1\nkind: Config\ncurrent-context: buildgate-managed\nclusters:\n"
              + "- name: managed\n  cluster:\n    server: https://127.0.0.1:"
              + port
              + "\n    certificate-authority: certs/apiserver.crt\nusers:\n- name: admin\n  user:\n"
              + "    token: "
              + token
              + "\ncontexts:\n- name: buildgate-managed\n  context:\n    cluster: managed\n"
              + "    user: admin\n");
      awaitReady(kubeconfig, deadline, started);
      if (!node) {
        log.info(
            "kubernetes: started etcd and kube-apiserver on https://127.0.0.1:"
                + port
                + " (no kubelet: pods do not run)");
        return kubeconfig;
      }
      ManagedNode n = new ManagedNode(binaries, dir, log);
      n.start(
          kubeconfig,
          saKey,
          dir.resolve("certs/apiserver.crt"),
          images,
          deadline,
          started,
          state,
          () -> saveState(state, started));
      n.awaitReady(new KubeClient(Kubeconfig.load(kubeconfig, null)), deadline, started);
      log.info(
          "kubernetes: started etcd, kube-apiserver, controller manager, scheduler, containerd and"
              + " a kubelet (node localhost) on https://127.0.0.1:"
              + port);
      return kubeconfig;
    } catch (IOException | java.security.GeneralSecurityException e) {
      stop();
      throw new StackException(
          "cannot start the managed cluster in " + dir + ": " + e.getMessage());
    } catch (StackException
        | IntegrationConfigException
        | RuntimeException
        | InterruptedException e) {
      stop();
      throw e;
    }
  }

  private void saveState(Map<String, Object> state, List<ProcessHandle> started) {
    state.put("pids", started.stream().map(ProcessHandle::pid).toList());
    try {
      Files.writeString(stateFile(), InputLimits.jsonMapper().writeValueAsString(state));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ProcessHandle start(String name, String... cmd) throws IOException {
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    LOGS.put(p.pid(), dir.resolve(name + ".log"));
    return p.toHandle();
  }

  private void awaitCert(Instant deadline, List<ProcessHandle> procs)
      throws StackException, InterruptedException {
    while (!Files.isRegularFile(dir.resolve("certs/apiserver.crt"))) {
      check(deadline, procs, "no serving certificate yet", dir);
      Thread.sleep(100);
    }
    Thread.sleep(200); // the key and certificate are written one after the other
  }

  private void awaitReady(Path kubeconfig, Instant deadline, List<ProcessHandle> procs)
      throws StackException, IntegrationConfigException, InterruptedException {
    KubeClient c = new KubeClient(Kubeconfig.load(kubeconfig, null));
    String last = "";
    while (true) {
      try {
        KubeClient.Response r = c.call("GET", "/readyz", null, null);
        if (r.status() == 200) {
          return;
        }
        last = "readyz HTTP " + r.status();
      } catch (KubeException e) {
        last = e.getMessage();
      }
      check(deadline, procs, last, dir);
      Thread.sleep(250);
    }
  }

  /** The log file of each process a managed cluster started (for the start failure's message). */
  static final Map<Long, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

  static void check(Instant deadline, List<ProcessHandle> procs, String last, Path dir)
      throws StackException {
    for (ProcessHandle p : procs) {
      if (!p.isAlive()) {
        Path log = LOGS.get(p.pid());
        String tail = "";
        try {
          if (log != null) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            tail = lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
          }
        } catch (IOException e) {
          tail = "";
        }
        throw new StackException(
            "the managed cluster's "
                + (log == null
                    ? "process " + p.pid()
                    : log.getFileName().toString().replace(".log", ""))
                + " exited while starting"
                + tail);
      }
    }
    if (!Instant.now().isBefore(deadline)) {
      throw new StackException(
          "the managed cluster was not ready before the deadline (" + last + "): see " + dir);
    }
  }

  /**
   * Stops the recorded processes (when they are still this cluster's: their command line names its
   * directory) and removes the directory.
   *
   * @return whether a recorded cluster was stopped
   */
  public boolean stop() {
    boolean stopped = false;
    if (Files.isRegularFile(stateFile())) {
      try {
        var s = InputLimits.jsonMapper().readTree(stateFile().toFile());
        List<ProcessHandle> procs = new ArrayList<>();
        for (var pid : s.path("pids")) {
          ProcessHandle.of(pid.asLong())
              .filter(
                  h -> h.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
              .ifPresent(procs::add);
        }
        // the data is thrown away: no graceful shutdown to wait for
        procs.forEach(ProcessHandle::destroyForcibly);
        if (s.has("node")) {
          ManagedNode.killContainers(dir);
        }
        for (ProcessHandle h : procs) {
          try {
            h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            log.warn("kubernetes: process " + h.pid() + " of the managed cluster did not exit");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (s.has("node")) {
          ManagedNode.cleanup(dir, s.path("node"), log);
        }
        stopped = true;
      } catch (IOException e) {
        log.warn("cannot read " + stateFile() + ": " + e.getMessage());
      }
    }
    try (Stream<Path> files = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot remove " + dir + ": " + e.getMessage());
    }
    if (stopped) {
      log.info("kubernetes: managed cluster stopped, " + dir + " removed");
    }
    return stopped;
  }

  private static void secretFile(Path p, String text) throws IOException {
    Files.deleteIfExists(p);
    Files.createFile(
        p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  /**
   * A free 127.0.0.1 port for a process the cluster starts, below the kernel's ephemeral range when
   * there is room: a port in that range, free when checked, can be taken by any outgoing connection
   * or published container port before the process binds it (an etcd start failed with "address
   * already in use" so, while other tests ran). Outside it only an explicit choice can collide.
   */
  static int freePort() throws IOException {
    int[] range = ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    int lo = LOWEST_PORT;
    int hi = range[0] - 1;
    if (hi - lo >= 1000) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      for (int i = 0; i < 100; i++) {
        int p = r.nextInt(lo, hi + 1);
        try (ServerSocket s = new ServerSocket()) {
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 1);
          return p;
        } catch (IOException inUse) {
          // taken: try another
        }
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The lowest port {@link #freePort} picks (above the well-known and most registered ones). */
  static final int LOWEST_PORT = 20000;

  /**
   * The kernel's ephemeral port range, from {@code ip_local_port_range} (Linux's default when it
   * cannot be read).
   */
  static int[] ephemeralRange(Path file) {
    try {
      String[] f = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
      int lo = Integer.parseInt(f[0]);
      int hi = Integer.parseInt(f[1]);
      if (lo > 0 && lo <= hi && hi <= 65535) {
        return new int[] {lo, hi};
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: the default
    }
    return new int[] {32768, 60999};
  }

  /** The default time a start may take (a cold kube-apiserver needs ~6 s on two cores). */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);
}
