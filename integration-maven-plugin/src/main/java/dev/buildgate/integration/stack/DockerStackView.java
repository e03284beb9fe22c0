package dev.buildgate.integration.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Ports;
import dev.buildgate.core.docker.ComposeCommand;
import dev.buildgate.core.docker.ContainerInfo;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.EngineApi;
import dev.buildgate.integration.ServiceContainer;
import dev.buildgate.integration.StackException;
import dev.buildgate.integration.StackView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link StackView} on the Docker engine API: through {@link EngineApi} on a local unix socket (no
 * client library to start), else docker-java through core's DockerEngine.
 */
public final class DockerStackView implements StackView {
  private final DockerEngine engine;
  private final EngineApi api;
  private final String project;

  public DockerStackView(DockerEngine engine, String project) {
    this(engine, EngineApi.local(engine.host()).orElse(null), project);
  }

  DockerStackView(DockerEngine engine, EngineApi api, String project) {
    this.engine = engine;
    this.api = api;
    this.project = project;
  }

  @Override
  public List<ServiceContainer> containers() throws StackException {
    if (api != null) {
      return sorted(inspectAll().values().stream().map(DockerStackView::toContainer).toList());
    }
    try {
      List<ContainerInfo> found = engine.containersByLabel(ComposeCommand.PROJECT_LABEL, project);
      DockerClient client = engine.client();
      List<ServiceContainer> out = new ArrayList<>();
      for (ContainerInfo ci : found) {
        InspectContainerResponse r;
        try {
          r = client.inspectContainerCmd(ci.id()).exec();
        } catch (NotFoundException gone) {
          continue;
        }
        out.add(toContainer(r, ci.labels()));
      }
      return sorted(out);
    } catch (DockerUnavailableException e) {
      throw new StackException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new StackException("could not inspect stack " + project + ": " + e.getMessage(), e);
    }
  }

  private static List<ServiceContainer> sorted(List<ServiceContainer> cs) {
    List<ServiceContainer> out = new ArrayList<>(cs);
    out.sort(Comparator.comparing(ServiceContainer::service).thenComparing(ServiceContainer::name));
    return out;
  }

  /**
   * The inspect JSON of every container of the stack (socket API only), by container name.
   *
   * @return name to inspect JSON, sorted by name
   */
  Map<String, JsonNode> inspectAll() throws StackException {
    if (api == null) {
      throw new IllegalStateException("no engine socket");
    }
    try {
      Map<String, JsonNode> out = new TreeMap<>();
      for (EngineApi.Container c : api.containersByLabel(ComposeCommand.PROJECT_LABEL, project)) {
        String id = c.id();
        EngineApi.Response r = api.inspectContainer(id);
        if (r.status() == 404) {
          continue; // removed meanwhile
        }
        if (r.status() != 200) {
          throw new StackException(
              "could not inspect container "
                  + id
                  + " of stack "
                  + project
                  + ": HTTP "
                  + r.status());
        }
        JsonNode n = r.json();
        String name = n.path("Name").asText(id).replaceFirst("^/", "");
        out.put(name.isEmpty() ? id : name, n);
      }
      return out;
    } catch (DockerUnavailableException e) {
      throw new StackException(e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new StackException("could not inspect stack " + project + ": " + e.getMessage(), e);
    }
  }

  /** A container from its inspect JSON (the socket API's answer). */
  static ServiceContainer toContainer(JsonNode r) {
    JsonNode st = r.path("State");
    String state = st.path("Status").asText("unknown");
    int exit = st.path("ExitCode").isNumber() ? st.path("ExitCode").asInt() : -1;
    JsonNode h = st.path("Health").path("Status");
    String health = h.isTextual() ? h.asText() : null;
    List<ServiceContainer.PublishedPort> ports = new ArrayList<>();
    JsonNode bindings = r.path("NetworkSettings").path("Ports");
    for (var e : bindings.properties()) {
      String key = e.getKey(); // 8443/tcp
      int slash = key.indexOf('/');
      String portText = slash < 0 ? key : key.substring(0, slash);
      String protocol = slash < 0 ? "tcp" : key.substring(slash + 1);
      if (!portText.chars().allMatch(Character::isDigit) || portText.isEmpty()) {
        continue;
      }
      for (JsonNode b : e.getValue()) {
        String spec = b.path("HostPort").asText("");
        if (spec.isEmpty() || !spec.chars().allMatch(Character::isDigit)) {
          continue;
        }
        JsonNode ip = b.path("HostIp");
        ports.add(
            new ServiceContainer.PublishedPort(
                Integer.parseInt(portText),
                protocol,
                ip.isTextual() ? ip.asText() : null,
                Integer.parseInt(spec)));
      }
    }
    sortPorts(ports);
    String id = r.path("Id").asText();
    String name = r.path("Name").asText(id).replaceFirst("^/", "");
    String service =
        r.path("Config").path("Labels").path(ComposeCommand.SERVICE_LABEL).asText(name);
    return new ServiceContainer(id, name, service, state, exit, health, ports);
  }

  private static void sortPorts(List<ServiceContainer.PublishedPort> ports) {
    ports.sort(
        Comparator.comparingInt(ServiceContainer.PublishedPort::containerPort)
            .thenComparing(ServiceContainer.PublishedPort::protocol)
            .thenComparing(p -> p.hostIp() == null ? "" : p.hostIp()));
  }

  private static ServiceContainer toContainer(
      InspectContainerResponse r, Map<String, String> labels) {
    var st = r.getState();
    String state = st == null || st.getStatus() == null ? "unknown" : st.getStatus();
    Long exit = st == null ? null : st.getExitCodeLong();
    String health = st == null || st.getHealth() == null ? null : st.getHealth().getStatus();
    List<ServiceContainer.PublishedPort> ports = new ArrayList<>();
    if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
      for (Map.Entry<ExposedPort, Ports.Binding[]> e :
          r.getNetworkSettings().getPorts().getBindings().entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        for (Ports.Binding b : e.getValue()) {
          String spec = b.getHostPortSpec();
          if (spec == null || spec.isEmpty() || !spec.chars().allMatch(Character::isDigit)) {
            continue;
          }
          ports.add(
              new ServiceContainer.PublishedPort(
                  e.getKey().getPort(),
                  e.getKey().getProtocol().toString(),
                  b.getHostIp(),
                  Integer.parseInt(spec)));
        }
      }
    }
    sortPorts(ports);
    String name = r.getName() == null ? r.getId() : r.getName().replaceFirst("^/", "");
    String service = labels.getOrDefault(ComposeCommand.SERVICE_LABEL, name);
    return new ServiceContainer(
        r.getId(), name, service, state, exit == null ? -1 : exit.intValue(), health, ports);
  }

  /**
   * Streams a container's whole log (stdout and stderr, with timestamps) into a file, in-process.
   *
   * @param containerId the container
   * @param out the file
   * @param append append instead of replacing (replicas of one service share a file)
   * @param timeout how long the engine gets to send it
   */
  public void writeLogs(String containerId, Path out, boolean append, Duration timeout)
      throws StackException {
    if (api != null) {
      int status;
      try (OutputStream os =
          new java.io.BufferedOutputStream(
              Files.newOutputStream(
                  out,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING))) {
        status = api.logs(containerId, 0, true, os, timeout);
      } catch (DockerUnavailableException e) {
        throw new StackException(e.getMessage(), e);
      } catch (IOException e) {
        throw new StackException("cannot write " + out + ": " + e.getMessage(), e);
      }
      if (status != 200) {
        throw new StackException("log of " + containerId + ": HTTP " + status);
      }
      return;
    }
    try (OutputStream os =
        Files.newOutputStream(
            out,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      ResultCallback.Adapter<Frame> cb =
          new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
              try {
                synchronized (os) {
                  os.write(frame.getPayload());
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          };
      try (var running =
          engine
              .client()
              .logContainerCmd(containerId)
              .withStdOut(true)
              .withStdErr(true)
              .withTimestamps(true)
              .exec(cb)) {
        if (!running.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new StackException("log of " + containerId + " not complete after " + timeout);
        }
      }
    } catch (DockerUnavailableException e) {
      throw new StackException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while reading the log of " + containerId, e);
    } catch (IOException | RuntimeException e) {
      throw new StackException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String logs(String containerId, int tail) throws StackException {
    if (api != null) {
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      try {
        api.logs(containerId, tail, false, b, Duration.ofSeconds(10));
      } catch (DockerUnavailableException e) {
        throw new StackException(e.getMessage(), e);
      }
      return b.toString(java.nio.charset.StandardCharsets.UTF_8); // "" when the container is gone
    }
    try {
      return engine.logs(containerId, tail, Duration.ofSeconds(10));
    } catch (DockerUnavailableException e) {
      throw new StackException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while reading logs of " + containerId, e);
    } catch (RuntimeException e) {
      return "";
    }
  }
}
