package dev.buildgate.integration.kube;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.StackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node half of a {@link ManagedCluster}: a containerd of its own (own root, state and socket
 * under the cluster directory, CRI plugin, a bridge CNI network), kube-controller-manager,
 * kube-scheduler and a kubelet, so pods really run. Images come from the local Docker engine (no
 * pulls: {@code docker save | ctr import}); the sandbox ("pause") image is {@code pause.tar} of the
 * binaries directory (.ci/build-kube.sh makes it from busybox). Everything it makes is undone by
 * {@link #cleanup}: container processes killed, mounts under the directory unmounted, its bridge
 * deleted, its cgroups removed, the kernel settings the kubelet changes restored.
 */
final class ManagedNode {

  /** Kernel settings the kubelet sets (protectKernelDefaults false): restored at stop. */
  static final List<String> SYSCTLS =
      List.of(
          "vm/overcommit_memory",
          "vm/panic_on_oom",
          "kernel/panic",
          "kernel/panic_on_oops",
          "kernel/keys/root_maxkeys",
          "kernel/keys/root_maxbytes");

  /**
   * A /proc/sys value. Not Files.readString: on a file of size 0 it reads one byte first, and a
   * sysctl read at an offset returns nothing, so "10" would read as "1".
   */
  static String sysctl(Path p) throws IOException {
    try (var in = Files.newInputStream(p)) {
      return new String(in.readNBytes(256), StandardCharsets.US_ASCII).trim();
    }
  }

  static final List<String> BINARIES =
      List.of(
          "kubelet",
          "kube-scheduler",
          "kube-controller-manager",
          "containerd",
          "containerd-shim-runc-v2",
          "ctr",
          "cni/bridge",
          "cni/host-local",
          "cni/loopback",
          "pause.tar");

  private final Path binaries;
  private final Path dir;
  private final GateLog log;

  ManagedNode(Path binaries, Path clusterDir, GateLog log) {
    this.binaries = binaries;
    this.dir = clusterDir.resolve("node");
    this.log = log;
  }

  /** Where the node's sockets and the kubelet's root live: /tmp/buildgate-kube-ID. */
  static Path shortDir(Path clusterDir) {
    return Path.of("/tmp", "buildgate-kube-" + id(clusterDir));
  }

  static String missing(Path binaries) {
    for (String b : BINARIES) {
      Path p = binaries.resolve(b);
      if (b.endsWith(".tar") ? !Files.isRegularFile(p) : !Files.isExecutable(p)) {
        return b;
      }
    }
    if (!Files.isExecutable(Path.of(RUNC))) {
      return RUNC;
    }
    return null;
  }

  static final String RUNC = "/usr/sbin/runc";

  /** A short name unique to the cluster directory (bridge and cgroup names). */
  static String id(Path clusterDir) {
    try {
      var md = java.security.MessageDigest.getInstance("SHA-256");
      return "bg"
          + HexFormat.of()
              .formatHex(md.digest(clusterDir.toAbsolutePath().toString().getBytes()))
              .substring(0, 10);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts containerd, imports the images, then controller manager, scheduler and kubelet, and
   * waits until the node is Ready.
   *
   * @param started the processes started so far (this adds its own)
   * @param state the cluster's state record (this adds what {@link #cleanup} needs)
   */
  void start(
      Path adminKubeconfig,
      Path saKey,
      Path caCert,
      List<String> images,
      Instant deadline,
      List<ProcessHandle> started,
      Map<String, Object> state,
      Runnable saveState)
      throws IOException, StackException, IntegrationConfigException, InterruptedException {
    Files.createDirectories(dir);
    String id = id(dir.getParent());
    // unix sockets (containerd's, the kubelet's plugin sockets) must stay under 108 bytes: a
    // project's target directory is too deep for them
    Path shortDir = shortDir(dir.getParent());
    Files.createDirectories(shortDir);
    Map<String, String> sysctls = new LinkedHashMap<>();
    for (String s : SYSCTLS) {
      Path p = Path.of("/proc/sys").resolve(s);
      if (Files.isReadable(p)) {
        sysctls.put(s, sysctl(p));
      }
    }
    state.put("node", Map.of("id", id, "sysctls", sysctls));
    saveState.run();
    // a /24 of 10.244.0.0/16 picked from the id, so two clusters rarely share one
    int net = Integer.parseInt(id.substring(2, 4), 16);
    Path cni = dir.resolve("cni");
    Files.createDirectories(cni.resolve("conf"));
    Files.writeString(
        cni.resolve("conf/10-buildgate.conflist"),
        "{\"cniVersion\":\"1.0.0\",\"name\":\"buildgate\",\"plugins\":[{\"type\":\"bridge\","
            + "\"bridge\":\""
            + id
            + "\",\"isGateway\":true,\"ipMasq\":false,\"hairpinMode\":true,\"ipam\":{"
            + "\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"10.244."
            + net
            + ".0/24\"}]],\"dataDir\":\""
            + cni.resolve("ipam")
            + "\"}}]}\n");
    Path sock = shortDir.resolve("containerd.sock");
    Files.writeString(
        dir.resolve("containerd.toml"),
        "version = 2\nroot = \""
            + dir.resolve("containerd")
            + "\"\nstate = \""
            + dir.resolve("containerd-state")
            + "\"\n[grpc]\n  address = \""
            + sock
            + "\"\n[ttrpc]\n  address = \""
            + sock
            + ".ttrpc\"\n"
            + "[plugins.\"io.containerd.grpc.v1.cri\"]\n"
            + "  sandbox_image = \"buildgate.dev/pause:local\"\n"
            // this machine's builds lack CAP_SYS_RESOURCE: a negative oom_score_adj (-998 for
            // a sandbox) makes runc fail with "can't get final child's PID from pipe: EOF"
            + "  restrict_oom_score_adj = true\n"
            + "  netns_mounts_under_state_dir = true\n"
            + "  [plugins.\"io.containerd.grpc.v1.cri\".containerd]\n"
            + "    snapshotter = \"overlayfs\"\n"
            + "    default_runtime_name = \"runc\"\n"
            + "    [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n"
            + "      runtime_type = \"io.containerd.runc.v2\"\n"
            + "      [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n"
            + "        BinaryName = \""
            + RUNC
            + "\"\n        Root = \""
            + dir.resolve("runc")
            + "\"\n        SystemdCgroup = false\n"
            + "  [plugins.\"io.containerd.grpc.v1.cri\".cni]\n"
            + "    bin_dir = \""
            + binaries.resolve("cni")
            + "\"\n    conf_dir = \""
            + cni.resolve("conf")
            + "\"\n");
    String path = binaries + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    started.add(
        start(
            "containerd",
            Map.of("PATH", path),
            binaries.resolve("containerd").toString(),
            "--config",
            dir.resolve("containerd.toml").toString()));
    saveState.run();
    while (!Files.exists(sock)) {
      ManagedCluster.check(deadline, started, "containerd not serving yet", dir);
      Thread.sleep(100);
    }
    String ctr = binaries.resolve("ctr").toString();
    // the tarball's image is named buildgate.dev/pause:local (see .ci/build-kube.sh)
    run(
        deadline,
        List.of(
            ctr,
            "-a",
            sock.toString(),
            "-n",
            "k8s.io",
            "images",
            "import",
            binaries.resolve("pause.tar").toString()));
    List<String> local = new ArrayList<>();
    for (String image : images) {
      if (exec(List.of("docker", "image", "inspect", "--format", "{{.Id}}", image)) == 0) {
        local.add(image);
      }
    }
    if (!local.isEmpty()) {
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "sh",
                  "-c",
                  "\"$@\" | \"$0\" -a \"$1\" -n k8s.io images import - 2>&1 | tail -5",
                  ctr,
                  sock.toString(),
                  "docker",
                  "save"));
      // sh -c SCRIPT CTR SOCK docker save IMAGES: $0=CTR, $1=SOCK, then "$@" is the docker save
      cmd.set(2, "c=$0; s=$1; shift; \"$@\" | \"$c\" -a \"$s\" -n k8s.io images import -");
      cmd.addAll(local);
      run(deadline, cmd);
    }
    cgroups(id);
    int kubeletPort = ManagedCluster.freePort();
    Path kubelet = shortDir.resolve("kubelet");
    Files.createDirectories(kubelet);
    // the kubelet makes its root directory a shared mount (a bind mount onto itself) while its
    // pods API and pod resources listeners already bind their sockets there: a socket renamed
    // across that new mount fails with EXDEV ("invalid cross-device link") and the kubelet exits.
    // Made here, before it starts, the kubelet finds the mount and leaves it; cleanup unmounts it.
    if (exec(List.of("mount", "--bind", kubelet.toString(), kubelet.toString())) == 0) {
      exec(List.of("mount", "--make-rshared", kubelet.toString()));
    }
    Files.writeString(
        dir.resolve("kubelet.yaml"),
        "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            + "failCgroupV1: false\ncgroupDriver: cgroupfs\ncgroupRoot: /"
            + id
            + "\ncontainerRuntimeEndpoint: unix://"
            + sock
            + "\naddress: 127.0.0.1\nport: "
            + kubeletPort
            + "\nreadOnlyPort: 0\nhealthzPort: 0\n"
            // the API server reaches it on 127.0.0.1 only (node name localhost)
            + "authentication:\n  anonymous: {enabled: true}\n  webhook: {enabled: false}\n"
            + "authorization: {mode: AlwaysAllow}\nfailSwapOn: false\n"
            + "podLogsDir: "
            + dir.resolve("pod-logs")
            + "\nimageGCHighThresholdPercent: 100\n"
            + "evictionHard: {\"memory.available\": \"100Mi\", \"nodefs.available\": \"1%\","
            + " \"imagefs.available\": \"1%\"}\n");
    String kc = adminKubeconfig.toString();
    started.add(
        start(
            "kube-controller-manager",
            Map.of(),
            binaries.resolve("kube-controller-manager").toString(),
            "--kubeconfig=" + kc,
            "--service-account-private-key-file=" + saKey,
            "--root-ca-file=" + caCert,
            "--use-service-account-credentials=false",
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            "--secure-port=" + ManagedCluster.freePort()));
    started.add(
        start(
            "kube-scheduler",
            Map.of(),
            binaries.resolve("kube-scheduler").toString(),
            "--kubeconfig=" + kc,
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            "--secure-port=" + ManagedCluster.freePort()));
    started.add(
        start(
            "kubelet",
            Map.of("PATH", path),
            binaries.resolve("kubelet").toString(),
            "--config=" + dir.resolve("kubelet.yaml"),
            "--kubeconfig=" + kc,
            "--root-dir=" + kubelet,
            "--hostname-override=localhost"));
    saveState.run();
  }

  private ProcessHandle start(String name, Map<String, String> env, String... cmd)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().putAll(env);
    ProcessHandle h = pb.start().toHandle();
    ManagedCluster.LOGS.put(h.pid(), dir.resolve(name + ".log"));
    return h;
  }

  /** The kubelet's cgroup root (cgroupfs driver, cgroup v1): made in every hierarchy. */
  private static void cgroups(String id) throws IOException {
    try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
      for (Path c : controllers.toList()) {
        if (!Files.isRegularFile(c.resolve("cgroup.procs"))) {
          continue;
        }
        Path root = c.resolve(id);
        Files.createDirectories(root);
        for (String f : List.of("cpuset.cpus", "cpuset.mems")) {
          if (Files.isRegularFile(c.resolve(f))) {
            Files.writeString(root.resolve(f), Files.readString(c.resolve(f)).trim());
          }
        }
      }
    }
  }

  private void run(Instant deadline, List<String> cmd)
      throws StackException, InterruptedException, IOException {
    Path out = dir.resolve("import.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .start();
    long ms = Math.max(1000, java.time.Duration.between(Instant.now(), deadline).toMillis());
    if (!p.waitFor(ms, TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new StackException("the managed node's image import did not finish: see " + out);
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(out);
      throw new StackException(
          "the managed node's image import failed (exit "
              + p.exitValue()
              + "): "
              + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
    }
  }

  private static int exec(List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor();
  }

  /** Waits until the node has registered and is Ready (its runtime and network too). */
  void awaitReady(KubeClient c, Instant deadline, List<ProcessHandle> procs)
      throws StackException, InterruptedException {
    String last = "not registered";
    while (true) {
      try {
        KubeClient.Response r = c.call("GET", "/api/v1/nodes/localhost", null, null);
        if (r.status() == 200) {
          var conds = InputLimits().readTree(r.body()).path("status").path("conditions");
          for (var cond : conds) {
            if (cond.path("type").asText().equals("Ready")) {
              if (cond.path("status").asText().equals("True")) {
                return;
              }
              last = "node not Ready: " + cond.path("message").asText();
            }
          }
        }
      } catch (KubeException | IOException e) {
        last = e.getMessage();
      }
      ManagedCluster.check(deadline, procs, last, dir);
      Thread.sleep(250);
    }
  }

  private static com.fasterxml.jackson.databind.ObjectMapper InputLimits() {
    return dev.buildgate.core.io.InputLimits.jsonMapper();
  }

  /**
   * Kills what runs in the node's containers and its containerd shims (processes whose command line
   * names the cluster directory, and their descendants).
   */
  static void killContainers(Path clusterDir) {
    String d = shortDir(clusterDir).toString();
    List<ProcessHandle> shims =
        ProcessHandle.allProcesses()
            .filter(
                h ->
                    h.info()
                        .commandLine()
                        .map(c -> c.contains("containerd-shim") && c.contains(d))
                        .orElse(false))
            .toList();
    List<ProcessHandle> all = new ArrayList<>();
    for (ProcessHandle s : shims) {
      s.descendants().forEach(all::add);
    }
    all.addAll(shims);
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the caller's check of what is left
      }
    }
  }

  /**
   * Undoes what the node made outside its processes: mounts under the cluster directory, the
   * bridge, the cgroups, the kernel settings.
   *
   * @param node the "node" entry of the cluster's state
   */
  static void cleanup(Path clusterDir, com.fasterxml.jackson.databind.JsonNode node, GateLog log) {
    killContainers(clusterDir);
    String d = clusterDir.toAbsolutePath().toString() + "/";
    String sd = shortDir(clusterDir).toString() + "/";
    try {
      List<String> mounts = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        String mp = f[4].replace("\\040", " ");
        if (mp.startsWith(d) || mp.startsWith(sd)) {
          mounts.add(mp);
        }
      }
      mounts.sort(Comparator.comparing(String::length).reversed());
      for (String m : mounts) {
        exec(List.of("umount", "-l", m));
      }
    } catch (IOException e) {
      log.warn("cannot read the mount table: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String id = node.path("id").asText();
    if (id.matches("bg[0-9a-f]{10}")) {
      try {
        exec(List.of("ip", "link", "del", id));
      } catch (IOException e) {
        log.warn("cannot delete the bridge " + id + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
        for (Path c : controllers.toList()) {
          Path root = c.resolve(id);
          if (Files.isDirectory(root)) {
            try (Stream<Path> w = Files.walk(root)) {
              w.filter(Files::isDirectory)
                  .sorted(Comparator.reverseOrder())
                  .forEach(p -> p.toFile().delete());
            }
          }
        }
      } catch (IOException e) {
        log.warn("cannot remove the node's cgroups: " + e.getMessage());
      }
    }
    node.path("sysctls")
        .properties()
        .forEach(
            e -> {
              Path p = Path.of("/proc/sys").resolve(e.getKey());
              try {
                if (!sysctl(p).equals(e.getValue().asText())) {
                  Files.writeString(p, e.getValue().asText(), StandardCharsets.US_ASCII);
                }
              } catch (IOException ex) {
                log.warn("cannot restore " + p + ": " + ex.getMessage());
              }
            });
    try (Stream<Path> files =
        Files.exists(shortDir(clusterDir)) ? Files.walk(shortDir(clusterDir)) : Stream.empty()) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot remove " + shortDir(clusterDir) + ": " + e.getMessage());
    }
  }
}
