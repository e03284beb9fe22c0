package dev.buildgate.integration;

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
import java.util.concurrent.TimeUnit;

/** {@link StackView} on the Docker engine API (docker-java through core's DockerEngine). */
public final class DockerStackView implements StackView {
  private final DockerEngine engine;
  private final String project;

  public DockerStackView(DockerEngine engine, String project) {
    this.engine = engine;
    this.project = project;
  }

  @Override
  public List<ServiceContainer> containers() throws StackException {
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
      out.sort(
          Comparator.comparing(ServiceContainer::service).thenComparing(ServiceContainer::name));
      return out;
    } catch (DockerUnavailableException e) {
      throw new StackException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new StackException("could not inspect stack " + project + ": " + e.getMessage(), e);
    }
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
    ports.sort(
        Comparator.comparingInt(ServiceContainer.PublishedPort::containerPort)
            .thenComparing(ServiceContainer.PublishedPort::protocol)
            .thenComparing(p -> p.hostIp() == null ? "" : p.hostIp()));
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
