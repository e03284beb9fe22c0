package dev.buildgate.integration.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.integration.stack.Stack;
import dev.buildgate.integration.wait.ReadinessException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes part of one integration run: a namespace unique to the run (labelled with the
 * project, annotated with the owning build's host/pid), manifests applied into it with server-side
 * apply (field manager {@code buildgate}), readiness waits on its objects, and at the end object
 * dumps, events and pod logs collected and the namespace deleted. Namespaces whose build is gone
 * are found by label and removed the same way ({@link #sweep}).
 */
public final class KubeRun {

  /** Label on every namespace of a run: a hash of the project key. */
  public static final String PROJECT_LABEL = "buildgate.dev/project";

  /** Label on every namespace of a run: marks it as Buildgate's. */
  public static final String MANAGED_LABEL = "buildgate.dev/managed";

  /** Annotation: host/pid of the build that created the namespace. */
  public static final String OWNER_ANNOTATION = "buildgate.dev/owner";

  /** Field manager of server-side apply. */
  public static final String FIELD_MANAGER = "buildgate";

  private final KubeClient client;
  private final GateLog log;
  private final Duration poll;
  private List<Resource> resources;

  /** A resource type the API server serves. */
  public record Resource(
      String groupVersion, String name, String kind, boolean namespaced, List<String> verbs) {
    String base() {
      return groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
    }

    String path(String namespace) {
      return base() + (namespaced ? "/namespaces/" + namespace : "") + "/" + name;
    }
  }

  public KubeRun(KubeClient client, GateLog log, Duration poll) {
    this.client = client;
    this.log = log;
    this.poll = poll == null || poll.isZero() ? Duration.ofMillis(250) : poll;
  }

  /** The label value identifying a project (a hash: project keys are not valid label values). */
  public static String projectLabel(String projectKey) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(projectKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A namespace name for a run: {@code bg-<artifact>-<run>}, a DNS label (at most 63 characters).
   */
  public static String namespaceName(String projectKey, String runId) {
    String artifact = projectKey.substring(projectKey.lastIndexOf(':') + 1);
    String a = dns(artifact);
    String r = dns(runId);
    if (r.length() > 20) {
      r = r.substring(r.length() - 20);
    }
    String ns = "bg-" + (a.length() > 30 ? a.substring(0, 30) : a) + "-" + r;
    return ns.replaceAll("-+", "-").replaceAll("-$", "");
  }

  private static String dns(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  /** Creates the run's namespace, labelled for the stale sweep. */
  public void createNamespace(String namespace, String projectKey)
      throws KubeException, InterruptedException {
    Map<String, Object> ns = new LinkedHashMap<>();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ns.put(
        "metadata",
        Map.of(
            "name", namespace,
            "labels", Map.of(PROJECT_LABEL, projectLabel(projectKey), MANAGED_LABEL, "true"),
            "annotations", Map.of(OWNER_ANNOTATION, Stack.owner())));
    client.json(
        "creating namespace " + namespace,
        "POST",
        "/api/v1/namespaces",
        "application/json",
        write(ns));
    log.info("kubernetes: namespace " + namespace + " created on " + client.config().server());
  }

  /** Every resource type the server serves (discovery, read once). */
  public List<Resource> resources() throws KubeException, InterruptedException {
    if (resources != null) {
      return resources;
    }
    List<Resource> out = new ArrayList<>();
    addResources(out, "v1");
    JsonNode groups = client.json("discovering API groups", "GET", "/apis", null, null);
    for (JsonNode g : groups.path("groups")) {
      addResources(out, g.path("preferredVersion").path("groupVersion").asText());
    }
    resources = out;
    return out;
  }

  private void addResources(List<Resource> out, String gv)
      throws KubeException, InterruptedException {
    String base = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
    KubeClient.Response r = client.call("GET", base, null, null);
    if (!r.ok()) {
      return; // an aggregated group that is not available: skip it
    }
    JsonNode n;
    try {
      n = client.json().readTree(r.body());
    } catch (IOException e) {
      return;
    }
    for (JsonNode res : n.path("resources")) {
      String name = res.path("name").asText();
      if (name.contains("/")) {
        continue; // subresource
      }
      List<String> verbs = new ArrayList<>();
      res.path("verbs").forEach(v -> verbs.add(v.asText()));
      out.add(
          new Resource(
              gv, name, res.path("kind").asText(), res.path("namespaced").asBoolean(), verbs));
    }
  }

  /** The resource type of a kind in an apiVersion. */
  public Resource resource(String apiVersion, String kind)
      throws KubeException, InterruptedException {
    for (Resource r : resources()) {
      if (r.groupVersion.equals(apiVersion) && r.kind.equals(kind)) {
        return r;
      }
    }
    // not the preferred version: ask that version itself
    List<Resource> extra = new ArrayList<>();
    addResources(extra, apiVersion);
    for (Resource r : extra) {
      if (r.kind.equals(kind)) {
        resources.add(r);
        return r;
      }
    }
    return null;
  }

  /**
   * Applies the manifests into the namespace (server-side apply, field manager buildgate, conflicts
   * forced: the run owns its namespace). Namespaced objects are put into the run's namespace.
   *
   * @return "kind/name" of each applied object
   */
  public List<String> apply(String namespace, List<Manifests.Manifest> manifests)
      throws KubeException, InterruptedException {
    List<String> applied = new ArrayList<>();
    for (Manifests.Manifest m : manifests) {
      Resource r = resource(m.apiVersion(), m.kind());
      if (r == null) {
        throw new KubeException(
            m.file()
                + " document "
                + m.document()
                + ": the API server serves no kind "
                + m.kind()
                + " in "
                + m.apiVersion()
                + " (a CRD not installed, or a wrong apiVersion)");
      }
      Map<String, Object> obj = new LinkedHashMap<>(m.object());
      @SuppressWarnings("unchecked")
      Map<String, Object> md = new LinkedHashMap<>((Map<String, Object>) obj.get("metadata"));
      if (r.namespaced()) {
        md.put("namespace", namespace);
      }
      obj.put("metadata", md);
      String path =
          r.path(namespace)
              + "/"
              + enc(m.name())
              + "?fieldManager="
              + FIELD_MANAGER
              + "&force=true";
      KubeClient.Response resp =
          client.call("PATCH", path, "application/apply-patch+yaml", write(obj));
      if (!resp.ok()) {
        throw new KubeException("applying " + m + ": " + client.statusMessage(resp));
      }
      applied.add(r.name() + "/" + m.name());
    }
    if (!applied.isEmpty()) {
      log.info("kubernetes: applied " + String.join(", ", applied) + " in " + namespace);
    }
    return applied;
  }

  /**
   * Waits until every wait holds, or the deadline passes.
   *
   * @throws ReadinessException naming every wait that did not hold (and why, from its conditions)
   * @throws KubeException a job failed, or the server cannot be reached
   */
  public void await(String namespace, List<KubeWait> waits, Instant deadline)
      throws KubeException, ReadinessException, InterruptedException {
    List<KubeWait> pending = new ArrayList<>(waits);
    Map<KubeWait, String> last = new LinkedHashMap<>();
    while (true) {
      for (var it = pending.iterator(); it.hasNext(); ) {
        KubeWait w = it.next();
        KubeClient.Response r = client.call("GET", w.path(namespace), null, null);
        String state;
        if (r.status() == 404) {
          state = "does not exist";
        } else if (!r.ok()) {
          throw new KubeException(
              "reading " + w + " in " + namespace + ": " + client.statusMessage(r));
        } else {
          JsonNode obj;
          try {
            obj = client.json().readTree(r.body());
          } catch (IOException e) {
            throw new KubeException("reading " + w + ": no JSON");
          }
          KubeWait.Outcome o = w.check(obj);
          if (o.failed()) {
            throw new KubeException(w + " in " + namespace + " failed: " + o.detail());
          }
          if (o.ready()) {
            log.info("kubernetes: " + w + " " + w.condition());
            it.remove();
            last.remove(w);
            continue;
          }
          state = o.detail();
        }
        last.put(w, state);
      }
      if (pending.isEmpty()) {
        return;
      }
      if (!Instant.now().isBefore(deadline)) {
        List<String> names = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (KubeWait w : pending) {
          names.add(w.toString());
          why.add(w + " not " + w.condition() + " (" + last.get(w) + ")");
        }
        throw new ReadinessException(
            "kubernetes: not ready before the deadline in namespace "
                + namespace
                + ": "
                + String.join("; ", why),
            names);
      }
      Thread.sleep(
          Math.max(
              1, Math.min(poll.toMillis(), Duration.between(Instant.now(), deadline).toMillis())));
    }
  }

  /**
   * Writes object dumps (every listable namespaced type that has objects; Secrets are listed by
   * name only, never their data), events (also as a readable events.txt) and pod logs into {@code
   * dir}. Never throws: a failure is a line in {@code collect-errors.txt}.
   */
  public void collect(String namespace, Path dir) throws InterruptedException {
    List<String> errors = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      for (Resource r : resources()) {
        if (!r.namespaced()
            || !r.verbs().contains("list")
            || r.name().equals("events") && r.groupVersion().equals("events.k8s.io/v1")) {
          continue;
        }
        KubeClient.Response resp = client.call("GET", r.path(namespace), null, null);
        if (!resp.ok()) {
          continue;
        }
        JsonNode list = client.json().readTree(resp.body());
        if (!list.path("items").isArray() || list.path("items").isEmpty()) {
          continue;
        }
        if (r.name().equals("secrets")) {
          List<String> names = new ArrayList<>();
          list.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
          Files.writeString(dir.resolve("secrets.txt"), String.join("\n", names) + "\n");
          continue;
        }
        String file =
            r.name()
                + (r.groupVersion().contains("/")
                    ? "." + r.groupVersion().replaceAll("/.*", "")
                    : "");
        Files.writeString(
            dir.resolve(file + ".json"),
            client.json().writerWithDefaultPrettyPrinter().writeValueAsString(list));
        if (r.name().equals("events") && r.groupVersion().equals("v1")) {
          StringBuilder t = new StringBuilder();
          for (JsonNode e : list.path("items")) {
            t.append(e.path("lastTimestamp").asText(e.path("eventTime").asText()))
                .append(' ')
                .append(e.path("type").asText())
                .append(' ')
                .append(e.path("involvedObject").path("kind").asText())
                .append('/')
                .append(e.path("involvedObject").path("name").asText())
                .append(' ')
                .append(e.path("reason").asText())
                .append(": ")
                .append(e.path("message").asText().replace('\n', ' '))
                .append('\n');
          }
          Files.writeString(dir.resolve("events.txt"), t.toString());
        }
        if (r.name().equals("pods") && r.groupVersion().equals("v1")) {
          for (JsonNode p : list.path("items")) {
            String pod = p.path("metadata").path("name").asText();
            for (JsonNode c : p.path("spec").path("containers")) {
              String cn = c.path("name").asText();
              KubeClient.Response l =
                  client.call(
                      "GET",
                      r.path(namespace) + "/" + enc(pod) + "/log?container=" + enc(cn),
                      null,
                      null);
              if (l.ok()) {
                Files.writeString(dir.resolve("pod-" + pod + "-" + cn + ".log"), l.body());
              } else {
                errors.add(
                    "log of pod " + pod + " container " + cn + ": " + client.statusMessage(l));
              }
            }
          }
        }
      }
    } catch (KubeException | IOException e) {
      errors.add(e.getMessage());
    }
    try {
      if (!errors.isEmpty()) {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("collect-errors.txt"), String.join("\n", errors) + "\n");
      }
    } catch (IOException e) {
      log.warn("kubernetes: cannot write " + dir + ": " + e.getMessage());
    }
    log.info("kubernetes: objects, events and pod logs of " + namespace + " in " + dir);
  }

  /**
   * Deletes the namespace and waits until it is gone. A cluster without a namespace controller (a
   * bare API server) never finishes a namespace's deletion: then, after emptying it of every
   * deletable object, Buildgate finalizes it itself.
   *
   * @return false when the namespace did not exist
   */
  public boolean deleteNamespace(String namespace, Duration timeout)
      throws KubeException, InterruptedException {
    String path = "/api/v1/namespaces/" + enc(namespace);
    KubeClient.Response r = client.call("DELETE", path, null, null);
    if (r.status() == 404) {
      return false;
    }
    if (!r.ok() && r.status() != 409) {
      throw new KubeException("deleting namespace " + namespace + ": " + client.statusMessage(r));
    }
    Instant deadline = Instant.now().plus(timeout);
    Instant start = Instant.now();
    boolean emptied = false;
    while (true) {
      KubeClient.Response g = client.call("GET", path, null, null);
      if (g.status() == 404) {
        log.info("kubernetes: namespace " + namespace + " deleted");
        return true;
      }
      // a namespace controller reports its progress in status.conditions within a second or two;
      // none after 2 s (or the namespace still there after 10 s): nothing will finish the deletion
      Duration waited = Duration.between(start, Instant.now());
      boolean noController = waited.toMillis() >= 2000 && !g.body().contains("\"conditions\"");
      if (!emptied && (noController || waited.toSeconds() >= 10)) {
        emptied = true;
        deleteContents(namespace);
        client.json(
            "finalizing namespace " + namespace,
            "PUT",
            path + "/finalize",
            "application/json",
            write(
                Map.of(
                    "apiVersion",
                    "v1",
                    "kind",
                    "Namespace",
                    "metadata",
                    Map.of("name", namespace),
                    "spec",
                    Map.of("finalizers", List.of()))));
        log.info(
            "kubernetes: namespace "
                + namespace
                + " emptied and finalized by Buildgate (no namespace controller finished it)");
      }
      if (!Instant.now().isBefore(deadline)) {
        throw new KubeException(
            "namespace "
                + namespace
                + " still exists "
                + timeout.toSeconds()
                + "s after its deletion: delete it with kubectl delete namespace "
                + namespace);
      }
      Thread.sleep(200);
    }
  }

  private void deleteContents(String namespace) throws KubeException, InterruptedException {
    for (Resource r : resources()) {
      if (r.namespaced() && r.verbs().contains("deletecollection")) {
        client.call("DELETE", r.path(namespace) + "?gracePeriodSeconds=0", null, null);
      }
    }
  }

  /**
   * Removes the namespaces of this project whose build is gone (same host, process not alive):
   * their objects, events and logs collected first into {@code logsDir/<namespace>}.
   *
   * @return the namespaces removed
   */
  public List<String> sweep(String projectKey, Path logsDir, Duration timeout)
      throws KubeException, InterruptedException {
    JsonNode list =
        client.json(
            "listing namespaces of earlier builds",
            "GET",
            "/api/v1/namespaces?labelSelector="
                + enc(PROJECT_LABEL + "=" + projectLabel(projectKey)),
            null,
            null);
    List<String> removed = new ArrayList<>();
    for (JsonNode ns : list.path("items")) {
      String name = ns.path("metadata").path("name").asText();
      String owner = ns.path("metadata").path("annotations").path(OWNER_ANNOTATION).asText("");
      if (Stack.ownerGone(owner)) {
        log.warn(
            "kubernetes: namespace "
                + name
                + " of a build that is gone ("
                + owner
                + "): removing it");
        collect(name, logsDir.resolve(name));
        deleteNamespace(name, timeout);
        removed.add(name);
      }
    }
    return removed;
  }

  private String write(Object o) throws KubeException {
    try {
      return client.json().writeValueAsString(o);
    } catch (IOException e) {
      throw new KubeException("cannot write JSON: " + e.getMessage());
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
