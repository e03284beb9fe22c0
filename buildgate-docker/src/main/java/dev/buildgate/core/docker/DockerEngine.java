package dev.buildgate.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Docker Engine client: docker-java over the httpclient5 transport. The endpoint is resolved
 * like the docker CLI does ({@link DockerHost}); the API version is negotiated: the first call asks
 * the daemon for its version (without a version prefix) and then talks to it with the daemon's own
 * API version. Thread-safe.
 *
 * <p>An {@code ssh://} endpoint is reached through the docker CLI ({@link DialStdioBridge}).
 *
 * <p>On a {@code unix://} endpoint, {@link #ping()} and {@link #inspectImage(String)} first ask the
 * socket directly ({@link EngineApi}), so an up-to-date build that only checks its images never
 * starts docker-java; whatever that fast path cannot answer goes through docker-java.
 */
public final class DockerEngine implements AutoCloseable {

  private final DockerHost host;
  private final Duration responseTimeout;
  private final EngineApi socket;
  private volatile DockerClient client;
  private volatile String apiVersion;
  private volatile String serverVersion;

  /** For an {@code ssh://} daemon: the docker CLI carries the engine client's connections. */
  private DialStdioBridge bridge;

  private DockerEngine(DockerHost host, Duration responseTimeout) {
    this.host = host;
    this.responseTimeout = responseTimeout;
    this.socket = EngineApi.local(host).orElse(null);
  }

  /**
   * Prepares a client for the daemon named by the environment (DOCKER_HOST, docker context, default
   * socket). Nothing is contacted until the first call ({@link #ping()}).
   *
   * @param env the environment
   * @return the engine
   */
  public static DockerEngine connect(Map<String, String> env) {
    return connect(DockerHost.resolve(env, Path.of(System.getProperty("user.home"))));
  }

  /**
   * Prepares a client for the given endpoint.
   *
   * @param host the endpoint
   * @return the engine
   */
  public static DockerEngine connect(DockerHost host) {
    return new DockerEngine(host, Duration.ofMinutes(30));
  }

  /**
   * The resolved endpoint.
   *
   * @return the endpoint
   */
  public DockerHost host() {
    return host;
  }

  /**
   * Checks that a daemon answers, and negotiates the API version on first use.
   *
   * @throws DockerUnavailableException when no daemon answers at the resolved endpoint
   */
  public void ping() throws DockerUnavailableException {
    if (socket != null && client == null) {
      try {
        if (socket.ping()) {
          return;
        }
      } catch (DockerUnavailableException e) {
        // docker-java tries again and says what is wrong
      }
    }
    client();
  }

  /** Whether docker-java has been started (tests: the fast path must not start it). */
  boolean clientStarted() {
    return client != null;
  }

  /**
   * The negotiated API version (the daemon's), e.g. {@code 1.45}.
   *
   * @return the version
   * @throws DockerUnavailableException when no daemon answers
   */
  public String apiVersion() throws DockerUnavailableException {
    client();
    return apiVersion;
  }

  /**
   * The daemon's version, e.g. {@code 26.1.5}.
   *
   * @return the version
   * @throws DockerUnavailableException when no daemon answers
   */
  public String serverVersion() throws DockerUnavailableException {
    client();
    return serverVersion;
  }

  /**
   * The underlying docker-java client, talking the negotiated API version.
   *
   * @return the client
   * @throws DockerUnavailableException when no daemon answers
   */
  public DockerClient client() throws DockerUnavailableException {
    DockerClient c = client;
    if (c != null) {
      return c;
    }
    synchronized (this) {
      if (client != null) {
        return client;
      }
      host.check();
      if ("ssh".equals(host.scheme()) && bridge == null) {
        try {
          bridge = DialStdioBridge.start("docker", host.cliEnv());
        } catch (IOException | RuntimeException e) {
          throw new DockerUnavailableException(
              "DOCKER_HOST="
                  + host.uri()
                  + ": cannot start the docker CLI's transport (`docker system dial-stdio`): "
                  + e.getMessage()
                  + ". Fix: install the docker CLI, or use tcp:// with TLS.",
              e);
        }
      }
      DockerClient probe = newClient(RemoteApiVersion.UNKNOWN_VERSION, Duration.ofSeconds(20));
      try {
        probe.pingCmd().exec();
        var version = probe.versionCmd().exec();
        apiVersion = version.getApiVersion();
        serverVersion = version.getVersion();
      } catch (RuntimeException e) {
        throw unavailable(e);
      } finally {
        closeQuietly(probe);
      }
      client = newClient(RemoteApiVersion.parseConfig(apiVersion), responseTimeout);
      return client;
    }
  }

  private DockerUnavailableException unavailable(RuntimeException e) {
    StringBuilder all = new StringBuilder();
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(' ').append(t.getMessage());
      root = t;
    }
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return new DockerUnavailableException(diagnose(host, all.toString(), why), e);
  }

  /**
   * One line saying why the daemon did not answer and what to change: TLS on one side only, a TLS
   * handshake the certificates do not pass, nothing listening.
   *
   * @param host the endpoint tried
   * @param messages every message of the error's cause chain
   * @param why the root cause's message
   * @return the line
   */
  static String diagnose(DockerHost host, String messages, String why) {
    String at = host.describe();
    String m = messages.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("http request to an https server")) {
      return "The Docker daemon at "
          + at
          + " expects TLS, but DOCKER_TLS_VERIFY is not set. Fix: set DOCKER_TLS_VERIFY=1 and"
          + " DOCKER_CERT_PATH to the client certificates (ca.pem, cert.pem, key.pem).";
    }
    if (m.contains("unrecognized ssl message")
        || m.contains("plaintext connection")
        || (host.tlsVerify() && m.contains("remote host terminated the handshake"))) {
      return "DOCKER_TLS_VERIFY=1, but the Docker daemon at "
          + at
          + " does not speak TLS. Fix: unset DOCKER_TLS_VERIFY (and DOCKER_CERT_PATH) for this"
          + " daemon, or point DOCKER_HOST at its TLS port (2376 by convention).";
    }
    if (m.contains("pkix")
        || m.contains("certificate")
        || m.contains("handshake")
        || m.contains("subject alternative name")
        || m.contains("sslexception")
        || m.contains("bad_certificate")) {
      return "The TLS handshake with the Docker daemon at "
          + at
          + " failed ("
          + why
          + "). Fix: DOCKER_CERT_PATH="
          + host.certPath()
          + " must hold the ca.pem that signed the daemon's certificate (issued for the host in"
          + " DOCKER_HOST) and a cert.pem/key.pem the daemon trusts.";
    }
    if ("ssh".equals(host.scheme())) {
      return "The docker CLI could not reach the daemon at "
          + at
          + " through ssh ("
          + why
          + "). Fix: `docker -H "
          + host.uri()
          + " version` must work without a prompt (an ssh key or agent, the host in"
          + " known_hosts, docker on the remote PATH).";
    }
    if (!"unix".equals(host.scheme()) && m.contains("connection refused")) {
      return "Nothing is listening at "
          + at
          + " (connection refused). Fix: start the daemon there, or point DOCKER_HOST at the"
          + " right host and port (GitLab docker:dind: tcp://docker:2376); `docker info` must"
          + " work.";
    }
    return "No Docker daemon answered at "
        + at
        + ": "
        + why
        + ". Fix: start the Docker daemon (e.g. `sudo systemctl start docker`), or point"
        + " DOCKER_HOST / `docker context use` at a running one; `docker info` must work.";
  }

  private DockerClient newClient(RemoteApiVersion version, Duration timeout) {
    DefaultDockerClientConfig.Builder b =
        DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost(bridge != null ? bridge.uri() : host.uri())
            .withDockerTlsVerify(bridge == null && host.tlsVerify())
            .withDockerConfig(host.configDir().toString())
            .withApiVersion(version);
    if (bridge == null && host.certPath() != null) {
      b.withDockerCertPath(host.certPath().toString());
    }
    DockerClientConfig config = b.build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(32)
            .connectionTimeout(Duration.ofSeconds(10))
            .responseTimeout(timeout)
            .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /**
   * Inspects a local image.
   *
   * @param ref a reference or id
   * @return the image, or empty when the daemon has no such image
   * @throws DockerUnavailableException when no daemon answers
   */
  public Optional<ImageInfo> inspectImage(String ref) throws DockerUnavailableException {
    if (socket != null) {
      try {
        Optional<ImageInfo> fast = socket.inspectImage(ref);
        if (fast != null) {
          return fast;
        }
      } catch (DockerUnavailableException e) {
        // docker-java tries again and says what is wrong
      }
    }
    try {
      InspectImageResponse r = client().inspectImageCmd(ref).exec();
      Map<String, String> labels =
          r.getConfig() == null || r.getConfig().getLabels() == null
              ? Map.of()
              : r.getConfig().getLabels();
      return Optional.of(
          new ImageInfo(
              r.getId(),
              r.getRepoTags(),
              r.getRepoDigests(),
              r.getSize() == null ? 0L : r.getSize(),
              r.getCreated(),
              labels));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Tags an image.
   *
   * @param source an existing reference or id
   * @param target the new reference ({@code repo[:tag]}, tag defaults to latest)
   * @throws DockerUnavailableException when no daemon answers
   */
  public void tag(String source, String target) throws DockerUnavailableException {
    String[] rt = splitRepoTag(target);
    client().tagImageCmd(source, rt[0], rt[1]).withForce(true).exec();
  }

  /**
   * Removes an image reference (force: also when containers use it).
   *
   * @param ref a reference or id
   * @return {@code false} when there was no such image
   * @throws DockerUnavailableException when no daemon answers
   */
  public boolean removeImage(String ref) throws DockerUnavailableException {
    try {
      client().removeImageCmd(ref).withForce(true).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Lists containers (also stopped ones) carrying a label.
   *
   * @param key the label key
   * @param value the label value, or {@code null} for any value
   * @return the containers
   * @throws DockerUnavailableException when no daemon answers
   */
  public List<ContainerInfo> containersByLabel(String key, String value)
      throws DockerUnavailableException {
    var cmd = client().listContainersCmd().withShowAll(true);
    cmd =
        value == null ? cmd.withLabelFilter(List.of(key)) : cmd.withLabelFilter(Map.of(key, value));
    List<ContainerInfo> out = new ArrayList<>();
    for (Container c : cmd.exec()) {
      List<String> names = new ArrayList<>();
      if (c.getNames() != null) {
        Arrays.stream(c.getNames())
            .map(n -> n.startsWith("/") ? n.substring(1) : n)
            .forEach(names::add);
      }
      out.add(
          new ContainerInfo(
              c.getId(), names, c.getImage(), c.getState(), c.getStatus(), c.getLabels()));
    }
    return out;
  }

  /**
   * The last lines of a container's stdout and stderr, interleaved.
   *
   * @param containerId the container
   * @param tailLines how many lines at most ({@code <= 0}: all)
   * @param timeout how long to wait for the log stream
   * @return the log text
   * @throws DockerUnavailableException when no daemon answers
   * @throws InterruptedException when interrupted while waiting
   */
  public String logs(String containerId, int tailLines, Duration timeout)
      throws DockerUnavailableException, InterruptedException {
    var cmd = client().logContainerCmd(containerId).withStdOut(true).withStdErr(true);
    if (tailLines > 0) {
      cmd = cmd.withTail(tailLines);
    }
    StringBuilder sb = new StringBuilder();
    ResultCallback.Adapter<Frame> cb =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(Frame frame) {
            synchronized (sb) {
              sb.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }
        };
    try (var running = cmd.exec(cb)) {
      running.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IOException e) {
      // closing the stream failed: what was read is still returned
    }
    synchronized (sb) {
      return sb.toString();
    }
  }

  /**
   * A container's health status.
   *
   * @param containerId the container
   * @return {@code starting}, {@code healthy} or {@code unhealthy}; empty when the container has no
   *     healthcheck
   * @throws DockerUnavailableException when no daemon answers
   */
  public Optional<String> health(String containerId) throws DockerUnavailableException {
    InspectContainerResponse r = client().inspectContainerCmd(containerId).exec();
    if (r.getState() == null || r.getState().getHealth() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(r.getState().getHealth().getStatus());
  }

  /**
   * Splits {@code registry:port/repo:tag} into repository and tag (default {@code latest}).
   *
   * @param ref the reference (no digest)
   * @return {repository, tag}
   */
  public static String[] splitRepoTag(String ref) {
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {ref.substring(0, colon), ref.substring(colon + 1)};
    }
    return new String[] {ref, "latest"};
  }

  private static void closeQuietly(DockerClient c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    DockerClient c = client;
    if (c != null) {
      closeQuietly(c);
    }
    synchronized (this) {
      if (bridge != null) {
        bridge.close();
        bridge = null;
      }
    }
  }
}
