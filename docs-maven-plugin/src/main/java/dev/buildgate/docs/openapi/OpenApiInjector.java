package dev.buildgate.docs.openapi;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.net.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The OpenAPI stage of docs:build: loads the spec (file or URL), merges the configured servers and
 * writes it into the staged docs, or copies the rendering kept from an earlier build when nothing
 * it depends on changed (see {@link OpenApiRenderCache}).
 */
public final class OpenApiInjector {

  private final GateLog log;
  private final Network network;

  /**
   * @param log where warnings and the written spec are reported
   * @param network offline and proxies of the fetch
   */
  public OpenApiInjector(GateLog log, Network network) {
    this.log = log;
    this.network = network;
  }

  /**
   * What was injected.
   *
   * @param source where the spec came from (URL or file)
   * @param version e.g. {@code openapi 3.1.0}
   */
  public record Injected(String source, String version) {}

  /**
   * Writes the spec into the staged docs.
   *
   * @param options the source, target, servers
   * @param stagingDir the staging directory (the logged path is relative to it)
   * @param stagedDocs the staged docs directory ({@link OpenApiOptions#target()} is relative to it)
   * @param stateDir the state directory holding the kept rendering
   * @return the source and the spec's version
   * @throws GateFailedException the spec is not a valid OpenAPI document
   * @throws GateCannotRunException the spec cannot be read or fetched, or the target is not a file
   *     path inside the docs directory
   */
  public Injected inject(OpenApiOptions options, Path stagingDir, Path stagedDocs, Path stateDir)
      throws GateFailedException, GateCannotRunException {
    String text = new OpenApiLoader(log, network).text(options);
    Path target = stagedDocs.resolve(options.target()).normalize();
    boolean validTarget = target.startsWith(stagedDocs) && !target.equals(stagedDocs);
    // an unchanged spec is copied as last rendered (no parse: see OpenApiRenderCache)
    OpenApiRenderCache renders = new OpenApiRenderCache(stateDir);
    String renderKey = OpenApiRenderCache.key(text, options, target);
    Optional<OpenApiRenderCache.Hit> hit =
        validTarget ? renders.copyTo(renderKey, target) : Optional.empty();
    String version;
    if (hit.isPresent()) {
      if (hit.get().warning() != null) {
        log.warn(hit.get().warning());
      }
      version = hit.get().version();
    } else {
      OpenApiSpec spec = OpenApiSpec.parse(text, options.source());
      String warning = spec.mergeServers(options.servers());
      if (warning != null) {
        log.warn(warning);
      }
      if (!validTarget) {
        throw new GateCannotRunException(
            "<openapiTarget> "
                + options.target()
                + " must be a file path inside the docs directory, e.g. reference/openapi.json.");
      }
      try {
        spec.write(target);
      } catch (IOException e) {
        throw new GateCannotRunException("Could not write " + target + ": " + e.getMessage(), e);
      }
      version = spec.version();
      renders.keep(renderKey, target, version, warning);
    }
    log.info(
        "OpenAPI spec ("
            + version
            + ") from "
            + options.source()
            + " written to "
            + stagingDir.relativize(target));
    return new Injected(options.source(), version);
  }
}
