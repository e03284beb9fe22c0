package dev.buildgate.integration.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.wait.ReadinessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A managed cluster with a node: real kubelet, containerd, scheduler and controller manager; pods
 * run, the waits pass for real, and down leaves nothing (processes, mounts, bridge, cgroups, kernel
 * settings).
 */
class ManagedNodeTest {

  @TempDir Path tmp;

  private static final String IMAGE = "buildgate/busybox:local";

  private static void requireNode() throws Exception {
    Path bin = KubeApiServer.binDir();
    Requires.that(
        bin != null && ManagedNode.missing(bin) == null,
        Requires.KUBE_NODE,
        "no kubernetes node parts (.ci/build-kube.sh builds them)");
    Requires.that(
        "root".equals(System.getProperty("user.name")), Requires.KUBE_NODE, "a kubelet needs root");
    Process p = new ProcessBuilder("docker", "image", "inspect", IMAGE).start();
    Requires.that(
        p.waitFor() == 0, Requires.KUBE_NODE, IMAGE + " is not in the local Docker engine");
  }

  private KubeStack stack(Path manifest, List<String> waits, boolean node) {
    return new KubeStack(
        new KubeStack.Config(
            null,
            null,
            List.of(manifest),
            waits,
            tmp.resolve("work"),
            tmp.resolve("logs"),
            "dev.example:node-" + UUID.randomUUID().toString().substring(0, 8),
            "run1",
            Duration.ofSeconds(60),
            node ? KubeApiServer.binDir() : null,
            true),
        GateLog.stderr("[buildgate integration]"));
  }

  @Test
  @Tag(Requires.KUBE_NODE)
  void podsRunTheWaitsPassAndDownLeavesNothing() throws Exception {
    requireNode();
    Path m = tmp.resolve("app.yaml");
    Files.writeString(
        m,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: web
            image: %1$s
            command: ["sh", "-c", "echo serving; exec httpd -f -p 8080"]
            readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              terminationGracePeriodSeconds: 1
              containers:
              - {name: once, image: %1$s, command: ["sh", "-c", "echo job-ran-in-a-pod"]}
        """
            .formatted(IMAGE));
    Map<String, String> kernel = sysctls();
    KubeStack s = stack(m, List.of("pod/web", "job/once"), true);
    KubeStack.State st = s.up(Instant.now().plusSeconds(150));
    Path clusterDir = tmp.resolve("work/cluster");
    List<ProcessHandle> procs = new ArrayList<>();
    var state =
        dev.buildgate.core.io.InputLimits.jsonMapper().readTree(s.cluster().stateFile().toFile());
    for (var pid : state.path("pids")) {
      procs.add(ProcessHandle.of(pid.asLong()).orElseThrow());
    }
    // etcd, kube-apiserver, containerd, controller manager, scheduler, kubelet
    assertThat(procs).hasSize(6).allMatch(ProcessHandle::isAlive);
    String bridge = state.path("node").path("id").asText();
    KubeClient c = new KubeClient(Kubeconfig.load(st.kubeconfig(), null));
    var pod =
        c.json("pod", "GET", "/api/v1/namespaces/" + st.namespace() + "/pods/web", null, null);
    assertThat(pod.path("status").path("phase").asText()).isEqualTo("Running");
    assertThat(pod.path("status").path("podIP").asText()).startsWith("10.244.");
    String jobLog = jobPodLog(c, st.namespace());
    assertThat(jobLog).contains("job-ran-in-a-pod");
    assertThat(Files.exists(Path.of("/sys/class/net", bridge))).isTrue();

    assertThat(s.down()).isEqualTo(st.namespace());
    for (ProcessHandle p : procs) {
      p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(procs).noneMatch(ProcessHandle::isAlive);
    String d = clusterDir.toString();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(x -> x.contains(d)).orElse(false))
                .toList())
        .isEmpty();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(d);
    assertThat(clusterDir).doesNotExist();
    assertThat(Path.of("/sys/class/net", bridge)).doesNotExist();
    assertThat(Path.of("/sys/fs/cgroup/memory", bridge)).doesNotExist();
    assertThat(sysctls()).isEqualTo(kernel);
    // the collected pod log of the job's pod
    assertThat(tmp.resolve("logs/kube").resolve(st.namespace())).exists();
  }

  @Test
  @Tag(Requires.KUBE_NODE)
  void aWaitOnAPodThatNeverGetsReadyFailsAndStillLeavesNothing() throws Exception {
    requireNode();
    Path m = tmp.resolve("bad.yaml");
    Files.writeString(
        m,
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: never}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - {name: c, image: %s, command: ["sleep", "3600"], readinessProbe: {exec: {command: ["false"]}, periodSeconds: 1}}
        """
            .formatted(IMAGE));
    Map<String, String> kernel = sysctls();
    KubeStack s = stack(m, List.of("pod/never"), true);
    assertThatThrownBy(() -> s.up(Instant.now().plusSeconds(45)))
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("never");
    String d = tmp.resolve("work/cluster").toString();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(x -> x.contains(d)).orElse(false))
                .toList())
        .isEmpty();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(d);
    assertThat(tmp.resolve("work/cluster")).doesNotExist();
    assertThat(sysctls()).isEqualTo(kernel);
  }

  @Test
  @Tag(Requires.KUBE_NODE)
  void aNodeAKilledBuildLeftWithARunningPodIsRemovedByTheNextRun() throws Exception {
    requireNode();
    Map<String, String> kernel = sysctls();
    Path work = tmp.resolve("work");
    ManagedCluster killed =
        new ManagedCluster(
            KubeApiServer.binDir(),
            work,
            GateLog.stderr("[buildgate integration]"),
            true,
            List.of(IMAGE));
    Path admin = killed.start(Instant.now().plusSeconds(90));
    KubeClient c = new KubeClient(Kubeconfig.load(admin, null));
    String pod =
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"left\"},\"spec\":{"
            + "\"containers\":[{\"name\":\"c\",\"image\":\""
            + IMAGE
            + "\",\"command\":[\"sleep\",\"3600\"]}]}}";
    assertThat(c.call("POST", "/api/v1/namespaces/default/pods", "application/json", pod).status())
        .isEqualTo(201);
    Instant until = Instant.now().plusSeconds(60);
    String phase = "";
    while (!phase.equals("Running") && Instant.now().isBefore(until)) {
      Thread.sleep(250);
      phase =
          c.json("pod", "GET", "/api/v1/namespaces/default/pods/left", null, null)
              .path("status")
              .path("phase")
              .asText();
    }
    assertThat(phase).isEqualTo("Running");
    // the build is killed here: nothing of it stops the cluster; the next run's stop does
    assertThat(
            new ManagedCluster(
                    KubeApiServer.binDir(), work, GateLog.stderr("[buildgate integration]"))
                .stop())
        .isTrue();
    String d = work.resolve("cluster").toString();
    String sd = ManagedNode.shortDir(work.resolve("cluster")).toString();
    assertThat(
            ProcessHandle.allProcesses()
                .filter(
                    h ->
                        h.info()
                            .commandLine()
                            .map(x -> x.contains(d) || x.contains(sd))
                            .orElse(false))
                .toList())
        .isEmpty();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
        .doesNotContain(d)
        .doesNotContain(sd);
    assertThat(work.resolve("cluster")).doesNotExist();
    assertThat(Path.of(sd)).doesNotExist();
    assertThat(sysctls()).isEqualTo(kernel);
  }

  @Test
  void aNodeWithoutAManagedClusterIsOneLine() throws Exception {
    Path m = tmp.resolve("cm.yaml");
    Files.writeString(m, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    assertThatThrownBy(() -> stack(m, List.of(), false).up(null))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "<kubernetes><node> needs <cluster> (a node runs only in a cluster the plugin"
                + " starts): add <cluster> or remove <node>");
  }

  @Test
  void aNodeWithoutItsBinariesIsOneLine() throws Exception {
    Path bin = tmp.resolve("bin");
    Files.createDirectories(bin);
    for (String b : List.of("etcd", "kube-apiserver")) {
      Path f = Files.writeString(bin.resolve(b), "#!/bin/sh\n");
      f.toFile().setExecutable(true);
    }
    ManagedCluster c =
        new ManagedCluster(
            bin, tmp.resolve("work"), GateLog.stderr("[buildgate integration]"), true, List.of());
    assertThatThrownBy(() -> c.start(Instant.now().plusSeconds(5)))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "<kubernetes><node> "
                + bin.resolve("kubelet")
                + " is missing: build the node parts with .ci/build-kube.sh, or remove <node>");
  }

  private static String jobPodLog(KubeClient c, String ns) throws Exception {
    var pods =
        c.json(
            "pods",
            "GET",
            "/api/v1/namespaces/" + ns + "/pods?labelSelector=job-name%3Donce",
            null,
            null);
    String name = pods.path("items").path(0).path("metadata").path("name").asText();
    return c.call("GET", "/api/v1/namespaces/" + ns + "/pods/" + name + "/log", null, null).body();
  }

  private static Map<String, String> sysctls() throws Exception {
    Map<String, String> m = new java.util.TreeMap<>();
    for (String s : ManagedNode.SYSCTLS) {
      Path p = Path.of("/proc/sys").resolve(s);
      if (Files.isReadable(p)) {
        m.put(s, ManagedNode.sysctl(p));
      }
    }
    return m;
  }
}
