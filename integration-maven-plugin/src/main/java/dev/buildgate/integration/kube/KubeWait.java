package dev.buildgate.integration.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildgate.integration.IntegrationConfigException;
import java.util.Locale;

/**
 * A readiness wait on a Kubernetes object of the run's namespace: {@code deployment/<name>}
 * (condition Available), {@code pod/<name>} (Ready) or {@code job/<name>} (Complete; Failed fails
 * at once).
 *
 * @param kind deployment, pod or job
 * @param name the object's name
 */
public record KubeWait(String kind, String name) {

  /** What a check of the object found. */
  public record Outcome(boolean ready, boolean failed, String detail) {}

  /**
   * Parses {@code kind/name}.
   *
   * @throws IntegrationConfigException one line with the accepted forms
   */
  public static KubeWait parse(String spec) throws IntegrationConfigException {
    String s = spec == null ? "" : spec.strip();
    int slash = s.indexOf('/');
    String kind = slash < 0 ? "" : s.substring(0, slash).toLowerCase(Locale.ROOT);
    String name = slash < 0 ? "" : s.substring(slash + 1);
    kind =
        switch (kind) {
          case "deployment", "deploy", "deployments" -> "deployment";
          case "pod", "po", "pods" -> "pod";
          case "job", "jobs" -> "job";
          default -> null;
        };
    if (kind == null || !name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
      throw new IntegrationConfigException(
          "<kubernetes><waits> '"
              + spec
              + "' is not a wait: use deployment/<name>, pod/<name> or job/<name>");
    }
    return new KubeWait(kind, name);
  }

  /** The condition waited for. */
  public String condition() {
    return switch (kind) {
      case "deployment" -> "Available";
      case "pod" -> "Ready";
      default -> "Complete";
    };
  }

  String path(String namespace) {
    String ns = "/namespaces/" + KubeRun.enc(namespace);
    return switch (kind) {
      case "deployment" -> "/apis/apps/v1" + ns + "/deployments/" + name;
      case "pod" -> "/api/v1" + ns + "/pods/" + name;
      default -> "/apis/batch/v1" + ns + "/jobs/" + name;
    };
  }

  /**
   * Checks an object's status conditions. A Deployment also needs its observed generation to be
   * current (an Available condition from before the last change does not count).
   */
  public Outcome check(JsonNode obj) {
    JsonNode status = obj.path("status");
    if (kind.equals("deployment")
        && status.path("observedGeneration").asLong(-1)
            < obj.path("metadata").path("generation").asLong(0)) {
      return new Outcome(
          false,
          false,
          "the controller has not observed generation "
              + obj.path("metadata").path("generation").asLong(0)
              + " yet");
    }
    if (kind.equals("job")) {
      JsonNode failed = condition(status, "Failed");
      if (failed != null && failed.path("status").asText().equals("True")) {
        return new Outcome(false, true, reason(failed));
      }
    }
    JsonNode c = condition(status, condition());
    if (c == null) {
      return new Outcome(
          false,
          false,
          "no "
              + condition()
              + " condition"
              + (kind.equals("pod") ? ", phase " + status.path("phase").asText("unknown") : ""));
    }
    boolean ok = c.path("status").asText().equals("True");
    return new Outcome(ok, false, condition() + "=" + c.path("status").asText() + " " + reason(c));
  }

  private static JsonNode condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return c;
      }
    }
    return null;
  }

  private static String reason(JsonNode c) {
    String r = c.path("reason").asText("");
    String m = c.path("message").asText("");
    return (r + (m.isEmpty() ? "" : ": " + m)).strip();
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
