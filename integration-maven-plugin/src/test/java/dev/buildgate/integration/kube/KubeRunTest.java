package dev.buildgate.integration.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.testing.Requires;
import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.stack.Stack;
import dev.buildgate.integration.wait.ReadinessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real etcd + kube-apiserver ({@link KubeApiServer}). */
@Tag(Requires.KUBE)
class KubeRunTest {

  static KubeApiServer server;
  static KubeClient client;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    server = KubeApiServer.shared();
    client = new KubeClient(Kubeconfig.load(server.tokenKubeconfig, null));
  }

  private static String ns() {
    return "bg-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private KubeRun run() {
    return new KubeRun(client, GateLog.stderr("[buildgate integration]"), Duration.ofMillis(100));
  }

  private Path manifest(String name, String yaml) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  static final String APP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        greeting: hello
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 1
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: buildgate/busybox:local
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: m
              image: buildgate/busybox:local
      """;

  private JsonNode get(String path) throws Exception {
    return client.json("get " + path, "GET", path, null, null);
  }

  private void patchStatus(String path, String json) throws Exception {
    client.json("patch " + path, "PATCH", path + "/status", "application/merge-patch+json", json);
  }

  @Test
  void namespaceApplyCollectDelete() throws Exception {
    String ns = ns();
    KubeRun run = run();
    run.createNamespace(ns, "dev.example:app");
    JsonNode n = get("/api/v1/namespaces/" + ns);
    assertThat(n.path("metadata").path("labels").path(KubeRun.PROJECT_LABEL).asText())
        .isEqualTo(KubeRun.projectLabel("dev.example:app"));
    assertThat(n.path("metadata").path("annotations").path(KubeRun.OWNER_ANNOTATION).asText())
        .isEqualTo(Stack.owner());

    List<String> applied = run.apply(ns, Manifests.read(List.of(manifest("app.yaml", APP))));
    assertThat(applied).containsExactly("configmaps/settings", "deployments/web", "jobs/migrate");
    JsonNode cm = get("/api/v1/namespaces/" + ns + "/configmaps/settings");
    assertThat(cm.path("data").path("greeting").asText()).isEqualTo("hello");
    assertThat(cm.path("metadata").path("managedFields").get(0).path("manager").asText())
        .isEqualTo("buildgate");
    // applying again is idempotent (server-side apply)
    run.apply(ns, Manifests.read(List.of(manifest("app.yaml", APP.replace("hello", "again")))));
    assertThat(
            get("/api/v1/namespaces/" + ns + "/configmaps/settings")
                .path("data")
                .path("greeting")
                .asText())
        .isEqualTo("again");

    client.json(
        "event",
        "POST",
        "/api/v1/namespaces/" + ns + "/events",
        "application/json",
        "{\"metadata\":{\"name\":\"web.1\"},\"involvedObject\":{\"kind\":\"Deployment\","
            + "\"name\":\"web\",\"namespace\":\""
            + ns
            + "\"},\"reason\":\"ScalingReplicaSet\","
            + "\"message\":\"Scaled up\",\"type\":\"Normal\",\"lastTimestamp\":\"2026-01-01T00:00:00Z\"}");
    Path logs = tmp.resolve("logs");
    run.collect(ns, logs);
    assertThat(logs.resolve("events.txt"))
        .hasContent("2026-01-01T00:00:00Z Normal Deployment/web ScalingReplicaSet: Scaled up");
    assertThat(logs.resolve("configmaps.json")).content().contains("\"greeting\" : \"again\"");
    assertThat(logs.resolve("deployments.apps.json")).content().contains("\"name\" : \"web\"");
    assertThat(logs.resolve("jobs.batch.json")).exists();

    assertThat(run.deleteNamespace(ns, Duration.ofSeconds(60))).isTrue();
    assertThat(client.call("GET", "/api/v1/namespaces/" + ns, null, null).status()).isEqualTo(404);
    assertThat(run.deleteNamespace(ns, Duration.ofSeconds(5))).isFalse();
  }

  @Test
  void deploymentWaitTimesOutThenHoldsOnceTheStatusSaysAvailable() throws Exception {
    String ns = ns();
    KubeRun run = run();
    run.createNamespace(ns, "dev.example:app");
    try {
      run.apply(ns, Manifests.read(List.of(manifest("app.yaml", APP))));
      List<KubeWait> waits = List.of(KubeWait.parse("deployment/web"));
      Instant t0 = Instant.now();
      assertThatThrownBy(() -> run.await(ns, waits, Instant.now().plusMillis(800)))
          .isInstanceOf(ReadinessException.class)
          .hasMessageContaining("deployment/web not Available")
          .hasMessageContaining("has not observed generation 1")
          .satisfies(
              e ->
                  assertThat(((ReadinessException) e).notReady())
                      .containsExactly("deployment/web"));
      assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(5));

      String dep = "/apis/apps/v1/namespaces/" + ns + "/deployments/web";
      patchStatus(
          dep,
          "{\"status\":{\"observedGeneration\":1,\"conditions\":[{\"type\":\"Available\","
              + "\"status\":\"False\",\"reason\":\"MinimumReplicasUnavailable\",\"message\":\"0 of 1\"}]}}");
      assertThatThrownBy(() -> run.await(ns, waits, Instant.now().plusMillis(500)))
          .hasMessageContaining("Available=False MinimumReplicasUnavailable: 0 of 1");
      patchStatus(
          dep,
          "{\"status\":{\"observedGeneration\":1,\"conditions\":[{\"type\":\"Available\","
              + "\"status\":\"True\",\"reason\":\"MinimumReplicasAvailable\"}]}}");
      run.await(ns, waits, Instant.now().plusSeconds(10));
    } finally {
      run.deleteNamespace(ns, Duration.ofSeconds(60));
    }
  }

  @Test
  void jobWaitFailsAtOnceOnFailedAndHoldsOnComplete() throws Exception {
    String ns = ns();
    KubeRun run = run();
    run.createNamespace(ns, "dev.example:app");
    try {
      run.apply(ns, Manifests.read(List.of(manifest("app.yaml", APP))));
      List<KubeWait> waits = List.of(KubeWait.parse("job/migrate"));
      String job = "/apis/batch/v1/namespaces/" + ns + "/jobs/migrate";
      String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
      patchStatus(
          job,
          "{\"status\":{\"startTime\":\""
              + now
              + "\",\"conditions\":[{\"type\":\"FailureTarget\","
              + "\"status\":\"True\",\"reason\":\"BackoffLimitExceeded\"},{\"type\":\"Failed\",\"status\":\"True\","
              + "\"reason\":\"BackoffLimitExceeded\",\"message\":\"Job has reached the specified backoff limit\"}]}}");
      Instant t0 = Instant.now();
      assertThatThrownBy(() -> run.await(ns, waits, Instant.now().plusSeconds(30)))
          .isInstanceOf(KubeException.class)
          .isNotInstanceOf(ReadinessException.class)
          .hasMessage(
              "job/migrate in "
                  + ns
                  + " failed: BackoffLimitExceeded: Job has reached the"
                  + " specified backoff limit");
      assertThat(Duration.between(t0, Instant.now())).isLessThan(Duration.ofSeconds(5));
    } finally {
      run.deleteNamespace(ns, Duration.ofSeconds(60));
    }
  }

  @Test
  void jobCompleteAndPodReadyHold() throws Exception {
    String ns = ns();
    KubeRun run = run();
    run.createNamespace(ns, "dev.example:app");
    try {
      // no controller manager: the default service account the pod needs is made here
      String pod =
          """
          apiVersion: v1
          kind: ServiceAccount
          metadata:
            name: default
          ---
          apiVersion: v1
          kind: Pod
          metadata:
            name: api
          spec:
            containers:
            - name: api
              image: buildgate/busybox:local
          """;
      run.apply(ns, Manifests.read(List.of(manifest("app.yaml", APP), manifest("pod.yaml", pod))));
      String job = "/apis/batch/v1/namespaces/" + ns + "/jobs/migrate";
      String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
      patchStatus(
          job,
          "{\"status\":{\"startTime\":\""
              + now
              + "\",\"completionTime\":\""
              + now
              + "\",\"succeeded\":1,\"conditions\":[{\"type\":\"SuccessCriteriaMet\",\"status\":\"True\"},"
              + "{\"type\":\"Complete\",\"status\":\"True\"}]}}");
      List<KubeWait> waits = List.of(KubeWait.parse("job/migrate"), KubeWait.parse("pod/api"));
      assertThatThrownBy(() -> run.await(ns, waits, Instant.now().plusMillis(500)))
          .isInstanceOf(ReadinessException.class)
          .hasMessageContaining("pod/api not Ready (no Ready condition, phase Pending)")
          .hasMessageNotContaining("job/migrate");
      patchStatus(
          "/api/v1/namespaces/" + ns + "/pods/api",
          "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
      run.await(ns, waits, Instant.now().plusSeconds(10));
      Path logs = tmp.resolve("logs");
      run.collect(ns, logs);
      assertThat(logs.resolve("pods.json")).content().contains("\"name\" : \"api\"");
      // no kubelet, no node: the API server answers the log request with an empty log
      assertThat(logs.resolve("pod-api-api.log")).exists();
    } finally {
      run.deleteNamespace(ns, Duration.ofSeconds(60));
    }
    assertThat(client.call("GET", "/api/v1/namespaces/" + ns, null, null).status()).isEqualTo(404);
  }

  @Test
  void clientCertificateAuthentication() throws Exception {
    Kubeconfig kc = Kubeconfig.load(server.certKubeconfig, null);
    assertThat(kc.token()).isNull();
    KubeClient certClient = new KubeClient(kc);
    KubeRun run =
        new KubeRun(certClient, GateLog.stderr("[buildgate integration]"), Duration.ofMillis(100));
    String ns = ns();
    run.createNamespace(ns, "dev.example:cert");
    assertThat(run.deleteNamespace(ns, Duration.ofSeconds(60))).isTrue();
    JsonNode review =
        certClient.json(
            "whoami",
            "POST",
            "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            "application/json",
            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}");
    assertThat(review.path("status").path("userInfo").path("username").asText())
        .isEqualTo("bg-cert-admin");
  }

  @Test
  void staleSweepRemovesNamespacesOfGoneBuildsOnly() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String deadOwner = Stack.hostName() + "/" + p.pid();
    String project = "dev.example:sweep-" + UUID.randomUUID();
    String stale = ns();
    client.json(
        "create",
        "POST",
        "/api/v1/namespaces",
        "application/json",
        "{\"metadata\":{\"name\":\""
            + stale
            + "\",\"labels\":{\""
            + KubeRun.PROJECT_LABEL
            + "\":\""
            + KubeRun.projectLabel(project)
            + "\"},\"annotations\":{\""
            + KubeRun.OWNER_ANNOTATION
            + "\":\""
            + deadOwner
            + "\"}}}");
    KubeRun run = run();
    String live = ns();
    run.createNamespace(live, project);
    try {
      run.apply(live, List.of());
      Path logs = tmp.resolve("logs");
      run.apply(stale, Manifests.read(List.of(manifest("app.yaml", APP))));
      assertThat(run.sweep(project, logs, Duration.ofSeconds(60))).containsExactly(stale);
      assertThat(client.call("GET", "/api/v1/namespaces/" + stale, null, null).status())
          .isEqualTo(404);
      assertThat(client.call("GET", "/api/v1/namespaces/" + live, null, null).status())
          .isEqualTo(200);
      assertThat(logs.resolve(stale).resolve("configmaps.json")).exists();
    } finally {
      run.deleteNamespace(live, Duration.ofSeconds(60));
    }
  }

  @Test
  void unreachableServerIsOneLine() throws Exception {
    int port = KubeApiServer.freePort();
    Path kc = tmp.resolve("down.kubeconfig");
    Files.writeString(
        kc, Files.readString(server.tokenKubeconfig).replace(":" + server.port, ":" + port));
    KubeClient c = new KubeClient(Kubeconfig.load(kc, "bg-token"));
    assertThatThrownBy(
            () ->
                new KubeRun(c, GateLog.stderr("[buildgate integration]"), null)
                    .createNamespace("bg-x", "a:b"))
        .isInstanceOf(KubeException.class)
        .hasMessage(
            "API server https://127.0.0.1:"
                + port
                + " unreachable (connection refused or timed"
                + " out; kubeconfig "
                + kc
                + ", context 'bg-token'): start the cluster or fix the server URL");
  }

  @Test
  void missingContextIsOneLine() {
    assertThatThrownBy(() -> Kubeconfig.load(server.tokenKubeconfig, "prod"))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "kubeconfig "
                + server.tokenKubeconfig
                + " has no context 'prod': use one of"
                + " 'bg-token' in <kubernetes><context>");
  }

  @Test
  void unparsableManifestIsOneLine() throws Exception {
    Path m =
        manifest(
            "bad.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: [oops\n");
    assertThatThrownBy(() -> Manifests.read(List.of(m)))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageStartingWith("<kubernetes><manifests> " + m + " document 2 is not valid YAML: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    Path noName = manifest("noname.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
    assertThatThrownBy(() -> Manifests.read(List.of(noName)))
        .hasMessage(
            "<kubernetes><manifests> " + noName + " document 1 (ConfigMap) has no metadata.name");
  }

  @Test
  void unknownKindIsOneLine() throws Exception {
    String ns = ns();
    KubeRun run = run();
    run.createNamespace(ns, "dev.example:app");
    try {
      Path m =
          manifest("crd.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
      assertThatThrownBy(() -> run.apply(ns, Manifests.read(List.of(m))))
          .hasMessage(
              m
                  + " document 1: the API server serves no kind Widget in example.com/v1 (a CRD"
                  + " not installed, or a wrong apiVersion)");
    } finally {
      run.deleteNamespace(ns, Duration.ofSeconds(60));
    }
  }
}
