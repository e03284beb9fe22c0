package dev.buildgate.integration.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.wait.ReadinessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** up/down of the Kubernetes part against a real etcd + kube-apiserver. */
@Tag(Requires.KUBE)
class KubeStackTest {

  static KubeApiServer server;
  static KubeClient admin;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    server = KubeApiServer.shared();
    admin = new KubeClient(Kubeconfig.load(server.tokenKubeconfig, null));
  }

  private final String project =
      "dev.example:stack-" + UUID.randomUUID().toString().substring(0, 8);

  private KubeStack stack(List<Path> manifests, List<String> waits) {
    return new KubeStack(
        new KubeStack.Config(
            server.tokenKubeconfig,
            "bg-token",
            manifests,
            waits,
            tmp.resolve("work"),
            tmp.resolve("logs"),
            project,
            "run-" + UUID.randomUUID().toString().substring(0, 6),
            Duration.ofSeconds(60),
            null),
        GateLog.stderr("[buildgate integration]"));
  }

  private JsonNode namespacesOfProject() throws Exception {
    return admin
        .json(
            "list",
            "GET",
            "/api/v1/namespaces?labelSelector="
                + KubeRun.PROJECT_LABEL
                + "%3D"
                + KubeRun.projectLabel(project),
            null,
            null)
        .path("items");
  }

  @Test
  void upExportsANamespaceAndKubeconfigDownRemovesIt() throws Exception {
    Path m = tmp.resolve("cm.yaml");
    Files.writeString(
        m, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n");
    KubeStack s = stack(List.of(m), List.of());
    KubeStack.State st = s.up(Instant.now().plusSeconds(30));
    assertThat(st.namespace()).startsWith("bg-stack-");
    assertThat(st.properties()).containsEntry("integration.kube.namespace", st.namespace());
    assertThat(st.environment()).containsEntry("KUBECONFIG", st.kubeconfig().toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(st.kubeconfig())))
        .isEqualTo("rw-------");
    // the exported kubeconfig alone (credentials inlined, namespace as the context's) reaches the
    // run
    Kubeconfig exported = Kubeconfig.load(st.kubeconfig(), null);
    assertThat(exported.namespace()).isEqualTo(st.namespace());
    KubeClient c = new KubeClient(exported);
    assertThat(
            c.json(
                    "cm",
                    "GET",
                    "/api/v1/namespaces/" + st.namespace() + "/configmaps/settings",
                    null,
                    null)
                .path("data")
                .path("a")
                .asText())
        .isEqualTo("b");
    assertThat(namespacesOfProject()).hasSize(1);

    assertThat(s.down()).isEqualTo(st.namespace());
    assertThat(namespacesOfProject()).isEmpty();
    assertThat(tmp.resolve("logs/kube").resolve(st.namespace()).resolve("configmaps.json"))
        .exists();
    assertThat(st.kubeconfig()).doesNotExist();
    assertThat(s.down()).isNull();
  }

  @Test
  void aFailedWaitCollectsAndDeletesTheNamespace() throws Exception {
    Path m = tmp.resolve("cm.yaml");
    Files.writeString(m, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    KubeStack s = stack(List.of(m), List.of("deployment/absent"));
    assertThatThrownBy(() -> s.up(Instant.now().plusMillis(700)))
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("deployment/absent not Available (does not exist)");
    assertThat(namespacesOfProject()).isEmpty();
    assertThat(s.stateFile()).doesNotExist();
    try (var dirs = Files.list(tmp.resolve("logs/kube"))) {
      assertThat(dirs.toList()).hasSize(1);
    }
  }

  @Test
  void badInputIsCheckedBeforeAnythingIsCreated() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "kind: [\n");
    assertThatThrownBy(() -> stack(List.of(bad), List.of()).up(Instant.now().plusSeconds(5)))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageStartingWith("<kubernetes><manifests> " + bad + " document 1 is not valid YAML");
    assertThatThrownBy(
            () -> stack(List.of(), List.of("service/web")).up(Instant.now().plusSeconds(5)))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "<kubernetes><waits> 'service/web' is not a wait: use deployment/<name>, pod/<name>"
                + " or job/<name>");
    assertThat(namespacesOfProject()).isEmpty();
    assertThat(tmp.resolve("work")).doesNotExist();
  }

  @Test
  void managedClusterStartsForTheRunAndStopsAtDown() throws Exception {
    Path m = tmp.resolve("cm.yaml");
    Files.writeString(m, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n");
    KubeStack s =
        new KubeStack(
            new KubeStack.Config(
                null,
                null,
                List.of(m),
                List.of(),
                tmp.resolve("work"),
                tmp.resolve("logs"),
                project,
                "run1",
                Duration.ofSeconds(60),
                KubeApiServer.binDir()),
            GateLog.stderr("[buildgate integration]"));
    KubeStack.State st = s.up(Instant.now().plusSeconds(90));
    assertThat(st.server()).startsWith("https://127.0.0.1:").doesNotContain(":" + server.port);
    Path clusterState = s.cluster().stateFile();
    List<ProcessHandle> procs = new java.util.ArrayList<>();
    for (var pid : admin.json().readTree(clusterState.toFile()).path("pids")) {
      procs.add(ProcessHandle.of(pid.asLong()).orElseThrow());
    }
    assertThat(procs).hasSize(2).allMatch(ProcessHandle::isAlive);
    KubeClient c = new KubeClient(Kubeconfig.load(st.kubeconfig(), null));
    assertThat(
            c.call(
                    "GET",
                    "/api/v1/namespaces/" + st.namespace() + "/configmaps/settings",
                    null,
                    null)
                .status())
        .isEqualTo(200);
    assertThat(s.down()).isEqualTo(st.namespace());
    for (ProcessHandle p : procs) {
      p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(procs).noneMatch(ProcessHandle::isAlive);
    assertThat(tmp.resolve("work/cluster")).doesNotExist();
    assertThat(tmp.resolve("logs/kube").resolve(st.namespace()).resolve("configmaps.json"))
        .exists();
  }

  @Test
  void aClusterAKilledBuildLeftIsStoppedByTheNextRun() throws Exception {
    KubeStack.Config cfg =
        new KubeStack.Config(
            null,
            null,
            List.of(),
            List.of(),
            tmp.resolve("work"),
            tmp.resolve("logs"),
            project,
            "run1",
            Duration.ofSeconds(60),
            KubeApiServer.binDir());
    KubeStack killed = new KubeStack(cfg, GateLog.stderr("[buildgate integration]"));
    killed.up(Instant.now().plusSeconds(90)); // its build dies here: no down
    List<ProcessHandle> left = new java.util.ArrayList<>();
    for (var pid : admin.json().readTree(killed.cluster().stateFile().toFile()).path("pids")) {
      left.add(ProcessHandle.of(pid.asLong()).orElseThrow());
    }
    KubeStack next = new KubeStack(cfg, GateLog.stderr("[buildgate integration]"));
    KubeStack.State st = next.up(Instant.now().plusSeconds(90));
    for (ProcessHandle p : left) {
      p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(left).noneMatch(ProcessHandle::isAlive);
    assertThat(next.down()).isEqualTo(st.namespace());
    assertThat(tmp.resolve("work/cluster")).doesNotExist();
  }

  @Test
  void managedClusterWithoutBinariesIsOneLine() {
    KubeStack s =
        new KubeStack(
            new KubeStack.Config(
                null,
                null,
                List.of(),
                List.of(),
                tmp.resolve("work"),
                tmp.resolve("logs"),
                project,
                "run1",
                Duration.ofSeconds(60),
                tmp.resolve("nothing")),
            GateLog.stderr("[buildgate integration]"));
    assertThatThrownBy(() -> s.up(Instant.now().plusSeconds(5)))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "<kubernetes><cluster> "
                + tmp.resolve("nothing")
                + " has no executable etcd:"
                + " build them with .ci/build-kube.sh (etcd and kube-apiserver from the Go module"
                + " proxy), or attach to a cluster with <kubeconfig>");
  }
}
