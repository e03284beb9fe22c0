package dev.buildgate.core.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;

/**
 * GitHub Actions ({@code GITHUB_ACTIONS=true}): event from {@code GITHUB_EVENT_NAME} ({@code
 * pull_request*} PR, {@code workflow_dispatch}/{@code repository_dispatch} manual, {@code
 * schedule}, {@code release} and tag refs tag); PR number from {@code pull_request.number} of the
 * {@code GITHUB_EVENT_PATH} JSON, else {@code refs/pull/N/merge}; default branch from {@code
 * repository.default_branch} of that JSON.
 */
final class GitHubActions implements CiProvider {

  /** Created on first use: only GitHub Actions runs read an event file (Jackson costs startup). */
  private static final class Mapper {
    static final ObjectMapper MAPPER = JsonMapper.builder(InputLimits.jsonFactory()).build();
  }

  @Override
  public String id() {
    return "github";
  }

  @Override
  public boolean detects(CiEnv env) {
    return env.isTrue("GITHUB_ACTIONS");
  }

  @Override
  public void read(CiEnv env, CiFields f) {
    String eventName = env.lower("GITHUB_EVENT_NAME");
    String ref = env.val("GITHUB_REF");
    JsonNode event = readEventJson(env.val("GITHUB_EVENT_PATH"));
    boolean tagRef = readRef(env, ref, f);
    Integer pr = pullRequest(event, ref, f);

    boolean prEvent = eventName != null ? eventName.startsWith("pull_request") : pr != null;
    if (prEvent) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.branch = CiEnv.firstNonBlank(env.val("GITHUB_HEAD_REF"), f.branch);
      f.baseBranch = env.val("GITHUB_BASE_REF");
    } else {
      f.event = event(eventName, tagRef);
      if (f.event == CiEvent.TAG && "release".equals(eventName) && f.tag == null && event != null) {
        f.tag = text(event.path("release").path("tag_name"));
      }
    }
    f.sha = env.val("GITHUB_SHA");
    f.runId = env.val("GITHUB_RUN_ID");
    f.repository = env.val("GITHUB_REPOSITORY");
    f.owner = CiEnv.firstNonBlank(env.val("GITHUB_REPOSITORY_OWNER"), CiEnv.ownerOf(f.repository));
  }

  /** Sets the tag or branch from {@code GITHUB_REF}; returns whether the ref is a tag. */
  private static boolean readRef(CiEnv env, String ref, CiFields f) {
    String refName = env.val("GITHUB_REF_NAME");
    String refType = env.lower("GITHUB_REF_TYPE");
    boolean tagRef = "tag".equals(refType) || (ref != null && ref.startsWith("refs/tags/"));
    if (tagRef) {
      f.tag = ref != null && ref.startsWith("refs/tags/") ? ref.substring(10) : refName;
    } else if (ref != null && ref.startsWith("refs/heads/")) {
      f.branch = ref.substring(11);
    } else if ("branch".equals(refType) && refName != null) {
      f.branch = refName;
    }
    return tagRef;
  }

  /**
   * The pull request number from the event JSON, else from a {@code refs/pull/N/merge} ref; also
   * takes the default branch from the event JSON.
   */
  private static Integer pullRequest(JsonNode event, String ref, CiFields f) {
    Integer pr = null;
    if (event != null) {
      pr = positiveInt(event.path("pull_request").path("number"));
      if (pr == null && event.has("pull_request")) {
        pr = positiveInt(event.path("number"));
      }
      String def = text(event.path("repository").path("default_branch"));
      if (def != null) {
        f.defaultBranch = def;
      }
    }
    if (pr == null && ref != null) {
      Matcher m = CiEnv.PR_MERGE_REF.matcher(ref);
      if (m.matches()) {
        pr = CiEnv.parsePositive(m.group(1));
      }
    }
    return pr;
  }

  /** The event of a build that is not a pull request. */
  private static CiEvent event(String eventName, boolean tagRef) {
    if (eventName == null) {
      return tagRef ? CiEvent.TAG : CiEvent.PUSH;
    }
    switch (eventName) {
      case "workflow_dispatch":
      case "repository_dispatch":
        return CiEvent.MANUAL;
      case "schedule":
        return CiEvent.SCHEDULE;
      case "release":
        return CiEvent.TAG;
      default:
        return tagRef ? CiEvent.TAG : CiEvent.PUSH;
    }
  }

  private static JsonNode readEventJson(String path) {
    if (path == null) {
      return null;
    }
    try {
      Path p = Path.of(path);
      if (!Files.isRegularFile(p)) {
        return null;
      }
      return Mapper.MAPPER.readTree(p.toFile());
    } catch (IOException | RuntimeException e) {
      // the event file belongs to the runner; fall back to GITHUB_REF when it is unusable
      return null;
    }
  }

  private static Integer positiveInt(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      long n = node.asLong();
      return n > 0 && n <= Integer.MAX_VALUE ? (int) n : null;
    }
    return node.isTextual() ? CiEnv.parsePositive(node.asText()) : null;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? CiContext.blankToNull(node.asText()) : null;
  }
}
