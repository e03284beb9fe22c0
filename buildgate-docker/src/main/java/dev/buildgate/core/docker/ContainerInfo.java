package dev.buildgate.core.docker;

import java.util.List;
import java.util.Map;

/**
 * A container found by label.
 *
 * @param id container id
 * @param names names (without the leading slash)
 * @param image image reference
 * @param state e.g. {@code running}, {@code exited}
 * @param status human status, e.g. {@code Up 3 seconds (healthy)}
 * @param labels the container's labels
 */
public record ContainerInfo(
    String id,
    List<String> names,
    String image,
    String state,
    String status,
    Map<String, String> labels) {

  /** Defensive copies. */
  public ContainerInfo {
    names = names == null ? List.of() : List.copyOf(names);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
