package dev.buildgate.integration.maven;

import dev.buildgate.integration.compose.ServiceOverride;
import java.util.List;
import java.util.Map;

/**
 * POM form of a service override ({@code <overrides><override>...}). Every field is optional except
 * {@code service}.
 */
public class ComposeOverride {
  /** The compose service to edit (must exist). */
  String service;

  /** Remove the service (and references to it in depends_on / links). */
  boolean drop;

  /** Use this image instead of building the service (e.g. the tag docker:build made). */
  String image;

  /** Variables to add or replace; list ({@code - K=V}) and map forms are both kept as they are. */
  Map<String, String> environment;

  /** Variable names to delete (each must exist). */
  List<String> removeEnvironment;

  /** Volume entries to delete, by exact value (each must exist). */
  List<String> removeVolumes;

  /** Delete every volume entry containing this text (each must match at least one). */
  List<String> removeVolumesContaining;

  /** Volume entries to append, e.g. {@code ${env.HOME}/.cache/uv:/root/.cache/uv}. */
  List<String> addVolumes;

  /** Delete the service's healthcheck (it must have one). */
  boolean removeHealthcheck;

  /** Dependency to condition: service_started, service_healthy, service_completed_successfully. */
  Map<String, String> dependsOn;

  /** extra_hosts entries to append, e.g. {@code host.docker.internal:host-gateway}. */
  List<String> addExtraHosts;

  ServiceOverride toDomain() {
    return new ServiceOverride(
        service,
        drop,
        image,
        environment,
        removeEnvironment,
        removeVolumes,
        removeVolumesContaining,
        addVolumes,
        removeHealthcheck,
        dependsOn,
        addExtraHosts);
  }
}
