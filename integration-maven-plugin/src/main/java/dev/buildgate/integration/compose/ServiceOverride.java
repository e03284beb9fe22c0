package dev.buildgate.integration.compose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Declarative edits of one compose service, applied in this order: drop; image; environment add
 * then remove; volumes remove (exact, then substring) then add; healthcheck removal; depends_on
 * conditions; extra_hosts.
 *
 * @param service the service name; must exist in the compose file(s)
 * @param drop remove the service (and references to it in other services' depends_on / links)
 * @param image use this image instead of building (removes {@code build:}); null keeps it
 * @param addEnvironment variables to set; works on list ({@code - K=V}) and map forms
 * @param removeEnvironment variable names to delete; each must exist
 * @param removeVolumes volume entries to delete, by exact value; each must exist
 * @param removeVolumesContaining delete every volume entry containing this text; each must match
 * @param addVolumes volume entries to append (created when the service has none)
 * @param removeHealthcheck delete the service's healthcheck; it must have one
 * @param dependsOn dependency name to new condition (service_started, service_healthy,
 *     service_completed_successfully); each dependency must exist
 * @param addExtraHosts extra_hosts entries (host:ip) to append, created when missing
 */
public record ServiceOverride(
    String service,
    boolean drop,
    String image,
    Map<String, String> addEnvironment,
    List<String> removeEnvironment,
    List<String> removeVolumes,
    List<String> removeVolumesContaining,
    List<String> addVolumes,
    boolean removeHealthcheck,
    Map<String, String> dependsOn,
    List<String> addExtraHosts) {

  public ServiceOverride {
    Objects.requireNonNull(service, "service");
    addEnvironment =
        addEnvironment == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(addEnvironment));
    removeEnvironment = removeEnvironment == null ? List.of() : List.copyOf(removeEnvironment);
    removeVolumes = removeVolumes == null ? List.of() : List.copyOf(removeVolumes);
    removeVolumesContaining =
        removeVolumesContaining == null ? List.of() : List.copyOf(removeVolumesContaining);
    addVolumes = addVolumes == null ? List.of() : List.copyOf(addVolumes);
    dependsOn =
        dependsOn == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dependsOn));
    addExtraHosts = addExtraHosts == null ? List.of() : List.copyOf(addExtraHosts);
  }

  public static Builder builder(String service) {
    return new Builder(service);
  }

  /** Fluent builder (tests and mojo mapping). */
  public static final class Builder {
    private final String service;
    private boolean drop;
    private String image;
    private final Map<String, String> addEnvironment = new LinkedHashMap<>();
    private final List<String> removeEnvironment = new java.util.ArrayList<>();
    private final List<String> removeVolumes = new java.util.ArrayList<>();
    private final List<String> removeVolumesContaining = new java.util.ArrayList<>();
    private final List<String> addVolumes = new java.util.ArrayList<>();
    private boolean removeHealthcheck;
    private final Map<String, String> dependsOn = new LinkedHashMap<>();
    private final List<String> addExtraHosts = new java.util.ArrayList<>();

    private Builder(String service) {
      this.service = service;
    }

    public Builder drop() {
      this.drop = true;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder env(String key, String value) {
      addEnvironment.put(key, value);
      return this;
    }

    public Builder removeEnv(String key) {
      removeEnvironment.add(key);
      return this;
    }

    public Builder removeVolume(String exact) {
      removeVolumes.add(exact);
      return this;
    }

    public Builder removeVolumesContaining(String text) {
      removeVolumesContaining.add(text);
      return this;
    }

    public Builder addVolume(String volume) {
      addVolumes.add(volume);
      return this;
    }

    public Builder removeHealthcheck() {
      this.removeHealthcheck = true;
      return this;
    }

    public Builder dependsOn(String dependency, String condition) {
      dependsOn.put(dependency, condition);
      return this;
    }

    public Builder extraHost(String entry) {
      addExtraHosts.add(entry);
      return this;
    }

    public ServiceOverride build() {
      return new ServiceOverride(
          service,
          drop,
          image,
          addEnvironment,
          removeEnvironment,
          removeVolumes,
          removeVolumesContaining,
          addVolumes,
          removeHealthcheck,
          dependsOn,
          addExtraHosts);
    }
  }
}
