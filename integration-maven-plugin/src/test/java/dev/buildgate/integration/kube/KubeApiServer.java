package dev.buildgate.integration.kube;

import dev.buildgate.core.testing.Requires;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real control plane for the tests: etcd and kube-apiserver built by .ci/build-kube.sh (cached
 * under /opt/buildgate-ci/kube/v1.37.2, or $BUILDGATE_KUBE_DIR), on free 127.0.0.1 ports, state in
 * a temp directory; clients authenticate with a static token or a client certificate (openssl makes
 * a CA and a certificate in group system:masters). Started once per test JVM; the processes are
 * killed and the directory removed at JVM exit, whatever the tests did. No kubelet, no controller
 * manager: pods never run, deployments are never reconciled.
 */
final class KubeApiServer {

  static final String TOKEN = "bg-test-" + UUID.randomUUID();

  private static KubeApiServer shared;

  final Path dir;
  final int port;
  final Path tokenKubeconfig;
  final Path certKubeconfig;
  private final List<Process> processes = new ArrayList<>();

  static Path binDir() {
    String d = System.getenv("BUILDGATE_KUBE_DIR");
    return Path.of(d != null && !d.isBlank() ? d : "/opt/buildgate-ci/kube/v1.37.2");
  }

  /** The shared server; fails the test (with the fix) when the binaries are absent. */
  static synchronized KubeApiServer shared() throws Exception {
    Path bin = binDir();
    Requires.that(
        Files.isExecutable(bin.resolve("kube-apiserver"))
            && Files.isExecutable(bin.resolve("etcd")),
        Requires.KUBE,
        "no etcd/kube-apiserver in " + bin + ": run .ci/build-kube.sh (or set BUILDGATE_KUBE_DIR)");
    if (shared == null) {
      shared = new KubeApiServer(bin);
    }
    return shared;
  }

  private KubeApiServer(Path bin) throws Exception {
    dir = Files.createTempDirectory("bg-kube-");
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
    int etcdPort = freePort();
    int peerPort = freePort();
    port = freePort();
    Files.writeString(dir.resolve("tokens.csv"), TOKEN + ",bg-admin,bg-admin,system:masters\n");
    openssl("genrsa", "-out", "sa.key", "2048");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "1",
        "-subj",
        "/CN=bg-test-ca");
    openssl("genrsa", "-traditional", "-out", "client.key", "2048");
    openssl(
        "req",
        "-new",
        "-key",
        "client.key",
        "-out",
        "client.csr",
        "-subj",
        "/O=system:masters/CN=bg-cert-admin");
    openssl(
        "x509",
        "-req",
        "-in",
        "client.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "client.crt",
        "-days",
        "1");
    start(
        dir.resolve("etcd.log"),
        bin.resolve("etcd").toString(),
        "--data-dir=" + dir.resolve("etcd"),
        "--listen-client-urls=http://127.0.0.1:" + etcdPort,
        "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
        "--listen-peer-urls=http://127.0.0.1:" + peerPort,
        "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
        "--initial-cluster=default=http://127.0.0.1:" + peerPort);
    start(
        dir.resolve("apiserver.log"),
        bin.resolve("kube-apiserver").toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + port,
        "--cert-dir=" + dir.resolve("certs"),
        "--token-auth-file=" + dir.resolve("tokens.csv"),
        "--client-ca-file=" + dir.resolve("ca.crt"),
        "--service-account-key-file=" + dir.resolve("sa.key"),
        "--service-account-signing-key-file=" + dir.resolve("sa.key"),
        "--service-account-issuer=https://kubernetes.default.svc",
        "--authorization-mode=RBAC",
        "--endpoint-reconciler-type=none",
        "--service-cluster-ip-range=10.96.0.0/16");
    awaitReady();
    String ca = dir.resolve("certs/apiserver.crt").toString();
    tokenKubeconfig = dir.resolve("token.kubeconfig");
    Files.writeString(
        tokenKubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: bg-token
        clusters:
        - name: bg
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority: %s
        users:
        - name: token-admin
          user:
            token: %s
        contexts:
        - name: bg-token
          context:
            cluster: bg
            user: token-admin
        """
            .formatted(port, ca, TOKEN));
    certKubeconfig = dir.resolve("cert.kubeconfig");
    Files.writeString(
        certKubeconfig,
        """
        apiVersion: v1
        kind: Config
        current-context: bg-cert
        clusters:
        - name: bg
          cluster:
            server: https://127.0.0.1:%d
            certificate-authority: certs/apiserver.crt
        users:
        - name: cert-admin
          user:
            client-certificate: client.crt
            client-key: client.key
        contexts:
        - name: bg-cert
          context:
            cluster: bg
            user: cert-admin
        """
            .formatted(port));
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "openssl "
              + String.join(" ", args)
              + " failed: "
              + Files.readString(dir.resolve("openssl.log")));
    }
  }

  private void start(Path logFile, String... cmd) throws IOException {
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    processes.add(p);
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(insecure()).build();
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("etcd/kube-apiserver exited: " + tail());
        }
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException("kube-apiserver not ready in 90s (" + last + "): " + tail());
  }

  private String tail() throws IOException {
    List<String> l = Files.readAllLines(dir.resolve("apiserver.log"));
    return String.join("\n", l.subList(Math.max(0, l.size() - 15), l.size()));
  }

  private static javax.net.ssl.SSLContext insecure() throws Exception {
    Kubeconfig k =
        new Kubeconfig(Path.of("x"), "x", "https://x", null, true, null, null, null, null);
    return KubeClient.sslContext(k);
  }

  /** The managed cluster's choice: below the ephemeral range, so nothing takes it meanwhile. */
  static int freePort() throws IOException {
    return ManagedCluster.freePort();
  }

  synchronized void stop() {
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : processes) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort at JVM exit
    }
  }
}
