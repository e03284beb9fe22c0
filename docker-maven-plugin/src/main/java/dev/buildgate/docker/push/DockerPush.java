package dev.buildgate.docker.push;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.buildgate.core.docker.DockerCredentials;
import dev.buildgate.core.docker.DockerEngine;
import dev.buildgate.core.docker.DockerUnavailableException;
import dev.buildgate.core.docker.RegistryCredentials;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docker.DockerConfigException;
import dev.buildgate.docker.image.ImageResult;
import dev.buildgate.docker.image.ImagesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code docker:push}: pushes every ref of every built image listed in {@code images.json}, with
 * the user's credentials handed to the daemon in memory (docker-java {@link AuthConfig}); nothing
 * is written to disk or logged. Transient errors are retried with exponential backoff; a refused
 * login is a clear error at once.
 */
public final class DockerPush {

  private final PushConfig cfg;
  private final DockerEngine engine;
  private final DockerCredentials credentials;
  private final GateLog log;

  /**
   * Creates the push.
   *
   * @param cfg settings
   * @param engine the daemon
   * @param credentials resolves registry credentials
   * @param log the build log
   */
  public DockerPush(
      PushConfig cfg, DockerEngine engine, DockerCredentials credentials, GateLog log) {
    this.cfg = cfg;
    this.engine = engine;
    this.credentials = credentials;
    this.log = log;
  }

  /**
   * Pushes, and writes the push's section of the pipeline summary (PASSED with what was pushed, or
   * FAILED with the error).
   *
   * @return the updated images file (digests, pushed flags)
   * @throws DockerConfigException when images.json is missing or lists nothing pushable
   * @throws GateFailedException when a push failed
   * @throws DockerUnavailableException when no daemon answers
   * @throws IOException when images.json cannot be read or written
   * @throws InterruptedException when interrupted
   */
  public ImagesFile run()
      throws DockerConfigException,
          GateFailedException,
          DockerUnavailableException,
          IOException,
          InterruptedException {
    PushSummary summary = new PushSummary(cfg.buildgateDir(), log);
    try {
      ImagesFile pushed = push();
      summary.passed(pushed);
      return pushed;
    } catch (DockerConfigException
        | GateFailedException
        | DockerUnavailableException
        | IOException e) {
      summary.failed(e.getMessage());
      throw e;
    } catch (InterruptedException e) {
      summary.failed("docker:push interrupted");
      throw e;
    }
  }

  private ImagesFile push()
      throws DockerConfigException,
          GateFailedException,
          DockerUnavailableException,
          IOException,
          InterruptedException {
    Path json = cfg.outputDir().resolve(ImagesFile.FILE_NAME);
    ImagesFile file =
        ImagesFile.read(json)
            .orElseThrow(
                () ->
                    new DockerConfigException(
                        "docker:push: "
                            + json
                            + " does not exist. Fix: run docker:build first (mvn package"
                            + " docker:push, or the deploy phase)."));
    engine.ping();
    List<ImageResult> out = new ArrayList<>();
    for (ImageResult img : file.images()) {
      if (!img.status().ok()) {
        throw new GateFailedException(
            "docker:push: image '"
                + img.name()
                + "' is "
                + img.status()
                + " in "
                + json
                + "; nothing is pushed from a failed build.");
      }
      if (img.pushed()) {
        log.info("[" + img.name() + "] already pushed by the build (" + img.primaryRef() + ")");
        out.add(img);
        continue;
      }
      if (!img.loaded()) {
        throw new GateFailedException(
            "docker:push: image '" + img.name() + "' is not in the local daemon; rebuild it.");
      }
      String digest = null;
      for (String ref : img.refs()) {
        String d = pushWithRetries(img.name(), ref);
        if (digest == null) {
          digest = d;
        }
      }
      out.add(img.withPushed(digest));
    }
    ImagesFile updated =
        new ImagesFile(
            file.schemaVersion(),
            file.generatedAt(),
            file.builder(),
            file.registry(),
            file.imagePrefix(),
            file.success(),
            out);
    updated.write(json);
    return updated;
  }

  private String pushWithRetries(String name, String ref)
      throws IOException, GateFailedException, DockerUnavailableException, InterruptedException {
    String registry = DockerCredentials.registryOf(ref);
    Optional<RegistryCredentials> creds = credentials.forRegistry(registry);
    Duration wait = cfg.backoff();
    for (int attempt = 1; ; attempt++) {
      String[] error = new String[1];
      String digest = pushOnce(name, ref, registry, creds, error);
      if (error[0] == null) {
        log.info("[" + name + "] pushed " + ref + (digest == null ? "" : " " + digest));
        return digest;
      }
      String msg = error[0].trim();
      if (isAuthError(msg)) {
        throw new GateFailedException(
            "docker:push of "
                + ref
                + " was refused by "
                + registry
                + ": "
                + msg
                + ". "
                + (creds.isPresent()
                    ? "Credentials used: user '"
                        + creds.get().username()
                        + "' from "
                        + creds.get().source()
                        + ". Fix: correct that password/token (or `docker login "
                        + registry
                        + "`)."
                    : "No credentials were found for "
                        + registry
                        + ". Fix: `docker login "
                        + registry
                        + "`, or add a settings.xml <server> with <id>"
                        + registry
                        + "</id>."));
      }
      if (attempt >= cfg.attempts()) {
        throw new GateFailedException(
            "docker:push of " + ref + " failed after " + attempt + " attempt(s): " + msg);
      }
      log.warn(
          "["
              + name
              + "] push of "
              + ref
              + " failed ("
              + msg
              + "), retry "
              + attempt
              + "/"
              + (cfg.attempts() - 1)
              + " in "
              + wait.toMillis()
              + " ms");
      Thread.sleep(wait.toMillis());
      wait = wait.multipliedBy(2);
    }
  }

  private String pushOnce(
      String name, String ref, String registry, Optional<RegistryCredentials> creds, String[] error)
      throws DockerUnavailableException, InterruptedException {
    String[] rt = DockerEngine.splitRepoTag(ref);
    var cmd = engine.client().pushImageCmd(rt[0]).withTag(rt[1]);
    if (creds.isPresent()) {
      cmd =
          cmd.withAuthConfig(
              new AuthConfig()
                  .withUsername(creds.get().username())
                  .withPassword(creds.get().password())
                  .withRegistryAddress(registry));
    }
    AtomicReference<String> err = new AtomicReference<>();
    AtomicReference<String> digest = new AtomicReference<>();
    ResultCallback.Adapter<PushResponseItem> cb =
        new ResultCallback.Adapter<>() {
          @Override
          public void onNext(PushResponseItem item) {
            if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
              err.compareAndSet(null, item.getErrorDetail().getMessage());
            }
            if (item.getAux() != null && item.getAux().getDigest() != null) {
              digest.set(item.getAux().getDigest());
            }
          }

          @Override
          public void onError(Throwable t) {
            err.compareAndSet(null, t.getMessage() == null ? t.toString() : t.getMessage());
            super.onError(t);
          }
        };
    try {
      cmd.exec(cb);
      if (!cb.awaitCompletion(cfg.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        err.compareAndSet(null, "timed out after " + cfg.timeout());
      }
    } catch (RuntimeException e) {
      err.compareAndSet(null, e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      try {
        cb.close();
      } catch (IOException e) {
        // done anyway
      }
    }
    error[0] = err.get();
    return digest.get();
  }

  static boolean isAuthError(String msg) {
    String m = msg.toLowerCase(Locale.ROOT);
    return m.contains("unauthorized")
        || m.contains("authentication required")
        || m.contains("denied")
        || m.contains("no basic auth credentials")
        || m.contains("401");
  }
}
