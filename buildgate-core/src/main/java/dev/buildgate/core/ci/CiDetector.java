package dev.buildgate.core.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects the {@link CiContext} of a build from the CI system's environment variables (GitHub
 * Actions, GitLab CI, Jenkins, CircleCI, Azure Pipelines, Bitbucket Pipelines, Buildkite), else
 * from the local git checkout, then applies the {@code buildgate.ci.*} overrides.
 *
 * <p>Overrides (blank values count as not set):
 *
 * <ul>
 *   <li>{@code buildgate.ci.provider}: force a provider ({@code github}, {@code gitlab}, {@code
 *       jenkins}, {@code circleci}, {@code azure}, {@code bitbucket}, {@code buildkite}, {@code
 *       local}); {@code local} ignores the environment and reads only the git checkout
 *   <li>{@code buildgate.ci.event}: {@code push}, {@code pull_request}, {@code tag}, {@code
 *       manual}, {@code schedule}, {@code local}
 *   <li>{@code buildgate.ci.branch}, {@code buildgate.ci.baseBranch}, {@code
 *       buildgate.ci.defaultBranch}, {@code buildgate.ci.tag}, {@code buildgate.ci.sha}, {@code
 *       buildgate.ci.runId}, {@code buildgate.ci.owner}, {@code buildgate.ci.repository}
 *   <li>{@code buildgate.ci.pullRequest}: a positive number
 * </ul>
 *
 * Overriding {@code pullRequest} (or {@code tag}) without {@code event} makes the event {@code
 * PULL_REQUEST} (or {@code TAG}); overriding {@code event} to anything but {@code pull_request}
 * drops a detected pull request number. Unknown {@code buildgate.ci.*} keys and invalid values are
 * rejected with an {@link IllegalArgumentException} whose one-line message names the property and
 * the fix.
 *
 * <p>Per provider:
 *
 * <ul>
 *   <li>GitHub Actions ({@code GITHUB_ACTIONS=true}): event from {@code GITHUB_EVENT_NAME} ({@code
 *       pull_request*} PR, {@code workflow_dispatch}/{@code repository_dispatch} manual, {@code
 *       schedule}, {@code release} and tag refs tag); PR number from {@code pull_request.number} of
 *       the {@code GITHUB_EVENT_PATH} JSON, else {@code refs/pull/N/merge}; default branch from
 *       {@code repository.default_branch} of that JSON.
 *   <li>GitLab CI ({@code GITLAB_CI=true}): {@code CI_PIPELINE_SOURCE} ({@code merge_request_event}
 *       PR, {@code web}/{@code api}/{@code trigger}/{@code chat} manual, {@code schedule}), {@code
 *       CI_MERGE_REQUEST_IID}, {@code CI_COMMIT_TAG}, {@code CI_DEFAULT_BRANCH}.
 *   <li>Jenkins ({@code JENKINS_URL}): {@code CHANGE_ID}/{@code CHANGE_BRANCH}/{@code
 *       CHANGE_TARGET}, {@code TAG_NAME}, {@code BRANCH_NAME} (or {@code GIT_BRANCH}); manual and
 *       timer builds from {@code BUILD_CAUSE} (EnvInject / build-user-vars plugins), otherwise
 *       push; run id {@code BUILD_TAG}.
 *   <li>CircleCI, Bitbucket Pipelines: push, pull request and tag; their environment does not say
 *       whether a build was started by hand, so set {@code buildgate.ci.event=manual} there.
 *   <li>Azure Pipelines ({@code TF_BUILD}): {@code BUILD_REASON} ({@code PullRequest}, {@code
 *       Manual}, {@code Schedule}, else push/tag from {@code BUILD_SOURCEBRANCH}).
 *   <li>Buildkite ({@code BUILDKITE=true}): {@code BUILDKITE_PULL_REQUEST} ({@code false} or the
 *       number), {@code BUILDKITE_TAG}, {@code BUILDKITE_SOURCE} ({@code ui}/{@code api}/{@code
 *       trigger_job} manual, {@code schedule}), {@code BUILDKITE_PIPELINE_DEFAULT_BRANCH}.
 *   <li>Otherwise local: the git checkout around {@code workDir} ({@link LocalGit}); event {@code
 *       LOCAL}, branch (none when detached), HEAD commit, a tag at HEAD, {@code origin}'s default
 *       branch and repository path.
 * </ul>
 *
 * In CI, values the provider does not give (commit, default branch, repository) are taken from the
 * checkout when it has them; the default branch is {@code main} when nobody knows.
 */
public final class CiDetector {

  /** Prefix of the override properties. */
  public static final String PREFIX = "buildgate.ci.";

  public static final String PROVIDER = PREFIX + "provider";
  public static final String EVENT = PREFIX + "event";
  public static final String BRANCH = PREFIX + "branch";
  public static final String BASE_BRANCH = PREFIX + "baseBranch";
  public static final String DEFAULT_BRANCH = PREFIX + "defaultBranch";
  public static final String PULL_REQUEST = PREFIX + "pullRequest";
  public static final String TAG = PREFIX + "tag";
  public static final String SHA = PREFIX + "sha";
  public static final String RUN_ID = PREFIX + "runId";
  public static final String OWNER = PREFIX + "owner";
  public static final String REPOSITORY = PREFIX + "repository";

  /** Every supported override key. */
  public static final List<String> KEYS =
      List.of(
          PROVIDER,
          EVENT,
          BRANCH,
          BASE_BRANCH,
          DEFAULT_BRANCH,
          PULL_REQUEST,
          TAG,
          SHA,
          RUN_ID,
          OWNER,
          REPOSITORY);

  /** Provider ids, in detection order ({@code local} last). */
  public static final List<String> PROVIDERS =
      List.of(
          "github", "gitlab", "circleci", "azure", "bitbucket", "buildkite", "jenkins", "local");

  /** Created on first use: only GitHub Actions runs read an event file (Jackson costs startup). */
  private static final class Mapper {
    static final ObjectMapper MAPPER = JsonMapper.builder(InputLimits.jsonFactory()).build();
  }

  private static final Pattern PR_MERGE_REF = Pattern.compile("refs/pull/(\\d+)/(?:merge|head)");
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)/?$");
  private static final Pattern HEX_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

  private CiDetector() {}

  /** Detects from the process environment, the JVM system properties and the current directory. */
  public static CiContext detect() {
    return detect(System.getenv(), overrides(System.getProperties()), Path.of(""));
  }

  /**
   * Detects the context.
   *
   * @param env environment variables (usually {@code System.getenv()})
   * @param overrides {@code buildgate.ci.*} properties; other keys are ignored
   * @param workDir a directory inside the checkout (for local git detection); may be null
   * @throws IllegalArgumentException for an invalid override (the message names the property and
   *     the fix)
   */
  public static CiContext detect(
      Map<String, String> env, Map<String, String> overrides, Path workDir) {
    Map<String, String> e = env == null ? Map.of() : env;
    Map<String, String> o = normalizeOverrides(overrides);

    String provider = o.get(PROVIDER);
    if (provider != null) {
      provider = provider.toLowerCase(Locale.ROOT);
      if (!PROVIDERS.contains(provider)) {
        throw new IllegalArgumentException(
            "Invalid "
                + PROVIDER
                + "='"
                + o.get(PROVIDER)
                + "': use one of "
                + String.join(", ", PROVIDERS));
      }
    } else {
      provider = detectProvider(e);
    }

    Fields f = new Fields(provider);
    boolean gitLooked = false;
    switch (provider) {
      case "github":
        github(e, f);
        break;
      case "gitlab":
        gitlab(e, f);
        break;
      case "circleci":
        circleci(e, f);
        break;
      case "azure":
        azure(e, f);
        break;
      case "bitbucket":
        bitbucket(e, f);
        break;
      case "buildkite":
        buildkite(e, f);
        break;
      case "jenkins":
        jenkins(e, f);
        break;
      default:
        gitLooked = true;
        local(LocalGit.find(workDir), f);
        break;
    }
    if (!gitLooked
        && (f.sha == null || f.defaultBranch == null || f.repository == null)
        && !(o.containsKey(SHA) && o.containsKey(DEFAULT_BRANCH) && o.containsKey(REPOSITORY))) {
      // fill what the CI system does not tell from the checkout
      try {
        LocalGit.find(workDir).ifPresent(g -> fillFromCheckout(g, f));
      } catch (RuntimeException unreadableCheckout) {
        // best effort only: the CI variables are what counts here
      }
    }
    applyOverrides(o, f);
    if (f.invalidPullRequest != null
        && !o.containsKey(PULL_REQUEST)
        && (!o.containsKey(EVENT) || f.event == CiEvent.PULL_REQUEST)) {
      throw new IllegalArgumentException(f.invalidPullRequest);
    }
    if (f.event == null) {
      f.event =
          f.pullRequest != null ? CiEvent.PULL_REQUEST : f.tag != null ? CiEvent.TAG : CiEvent.PUSH;
    }
    return new CiContext(
        f.provider,
        f.event,
        f.event == CiEvent.TAG && f.tag != null && o.get(BRANCH) == null ? null : f.branch,
        f.defaultBranch,
        f.pullRequest,
        f.tag,
        f.sha,
        f.runId,
        f.owner,
        f.repository,
        f.baseBranch);
  }

  /**
   * Collects the {@code buildgate.ci.*} entries of property maps; later maps win (pass project
   * properties first, then user properties).
   */
  public static Map<String, String> overrides(Map<?, ?>... sources) {
    Map<String, String> out = new TreeMap<>();
    for (Map<?, ?> source : sources) {
      if (source == null) {
        continue;
      }
      for (Map.Entry<?, ?> entry : source.entrySet()) {
        if (entry.getKey() instanceof String
            && ((String) entry.getKey()).startsWith(PREFIX)
            && entry.getValue() != null) {
          out.put((String) entry.getKey(), entry.getValue().toString());
        }
      }
    }
    return out;
  }

  /** The provider whose environment markers are present, else {@code local}. */
  public static String detectProvider(Map<String, String> env) {
    if (isTrue(env.get("GITHUB_ACTIONS"))) {
      return "github";
    }
    if (isTrue(env.get("GITLAB_CI"))) {
      return "gitlab";
    }
    if (isTrue(env.get("CIRCLECI"))) {
      return "circleci";
    }
    if (isTrue(env.get("TF_BUILD"))) {
      return "azure";
    }
    if (present(env.get("BITBUCKET_BUILD_NUMBER")) || present(env.get("BITBUCKET_COMMIT"))) {
      return "bitbucket";
    }
    if (isTrue(env.get("BUILDKITE"))) {
      return "buildkite";
    }
    if (present(env.get("JENKINS_URL")) || present(env.get("JENKINS_HOME"))) {
      return "jenkins";
    }
    return "local";
  }

  // ---------------------------------------------------------------- providers

  private static void github(Map<String, String> env, Fields f) {
    String eventName = lower(env.get("GITHUB_EVENT_NAME"));
    String ref = val(env, "GITHUB_REF");
    String refName = val(env, "GITHUB_REF_NAME");
    String refType = lower(env.get("GITHUB_REF_TYPE"));
    JsonNode event = readEventJson(val(env, "GITHUB_EVENT_PATH"));

    boolean tagRef = "tag".equals(refType) || (ref != null && ref.startsWith("refs/tags/"));
    if (tagRef) {
      f.tag = ref != null && ref.startsWith("refs/tags/") ? ref.substring(10) : refName;
    } else if (ref != null && ref.startsWith("refs/heads/")) {
      f.branch = ref.substring(11);
    } else if ("branch".equals(refType) && refName != null) {
      f.branch = refName;
    }

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
      Matcher m = PR_MERGE_REF.matcher(ref);
      if (m.matches()) {
        pr = parsePositive(m.group(1));
      }
    }

    boolean prEvent = eventName != null ? eventName.startsWith("pull_request") : pr != null;
    if (prEvent) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.branch = firstNonBlank(val(env, "GITHUB_HEAD_REF"), f.branch);
      f.baseBranch = val(env, "GITHUB_BASE_REF");
    } else if (eventName == null) {
      f.event = tagRef ? CiEvent.TAG : CiEvent.PUSH;
    } else {
      switch (eventName) {
        case "workflow_dispatch":
        case "repository_dispatch":
          f.event = CiEvent.MANUAL;
          break;
        case "schedule":
          f.event = CiEvent.SCHEDULE;
          break;
        case "release":
          f.event = CiEvent.TAG;
          if (f.tag == null && event != null) {
            f.tag = text(event.path("release").path("tag_name"));
          }
          break;
        default:
          f.event = tagRef ? CiEvent.TAG : CiEvent.PUSH;
      }
    }
    f.sha = val(env, "GITHUB_SHA");
    f.runId = val(env, "GITHUB_RUN_ID");
    f.repository = val(env, "GITHUB_REPOSITORY");
    f.owner = firstNonBlank(val(env, "GITHUB_REPOSITORY_OWNER"), ownerOf(f.repository));
  }

  private static void gitlab(Map<String, String> env, Fields f) {
    String source = lower(env.get("CI_PIPELINE_SOURCE"));
    Integer mr =
        parseEnvNumber(
            env, firstPresentKey(env, "CI_MERGE_REQUEST_IID", "CI_EXTERNAL_PULL_REQUEST_IID"), f);
    f.tag = val(env, "CI_COMMIT_TAG");
    f.branch = val(env, "CI_COMMIT_BRANCH");
    if (f.branch == null && f.tag == null && mr == null) {
      f.branch = val(env, "CI_COMMIT_REF_NAME");
    }
    if (mr != null
        || "merge_request_event".equals(source)
        || "external_pull_request_event".equals(source)) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = mr;
      f.branch =
          firstNonBlank(
              val(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"),
              val(env, "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME"),
              f.branch);
      f.baseBranch =
          firstNonBlank(
              val(env, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
              val(env, "CI_EXTERNAL_PULL_REQUEST_TARGET_BRANCH_NAME"));
    } else if ("web".equals(source)
        || "api".equals(source)
        || "trigger".equals(source)
        || "chat".equals(source)) {
      f.event = CiEvent.MANUAL;
    } else if ("schedule".equals(source)) {
      f.event = CiEvent.SCHEDULE;
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    f.defaultBranch = val(env, "CI_DEFAULT_BRANCH");
    f.sha = val(env, "CI_COMMIT_SHA");
    f.runId = val(env, "CI_PIPELINE_ID");
    f.owner = val(env, "CI_PROJECT_NAMESPACE");
    f.repository = val(env, "CI_PROJECT_PATH");
  }

  private static void circleci(Map<String, String> env, Fields f) {
    Integer pr = parseEnvNumber(env, firstPresentKey(env, "CIRCLE_PR_NUMBER"), f);
    if (pr == null) {
      String url = val(env, "CIRCLE_PULL_REQUEST");
      if (url != null) {
        Matcher m = TRAILING_NUMBER.matcher(url);
        pr = m.find() ? parsePositive(m.group(1)) : null;
      }
    }
    f.branch = val(env, "CIRCLE_BRANCH");
    f.tag = val(env, "CIRCLE_TAG");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    f.sha = val(env, "CIRCLE_SHA1");
    f.runId = firstNonBlank(val(env, "CIRCLE_WORKFLOW_ID"), val(env, "CIRCLE_BUILD_NUM"));
    f.owner = val(env, "CIRCLE_PROJECT_USERNAME");
    String name = val(env, "CIRCLE_PROJECT_REPONAME");
    f.repository =
        f.owner != null && name != null
            ? f.owner + "/" + name
            : LocalGit.repositoryPath(val(env, "CIRCLE_REPOSITORY_URL"));
  }

  private static void azure(Map<String, String> env, Fields f) {
    String reason = lower(env.get("BUILD_REASON"));
    String sourceBranch = val(env, "BUILD_SOURCEBRANCH");
    if (sourceBranch != null && sourceBranch.startsWith("refs/tags/")) {
      f.tag = sourceBranch.substring(10);
    } else if (sourceBranch != null && sourceBranch.startsWith("refs/heads/")) {
      f.branch = sourceBranch.substring(11);
    } else if (sourceBranch != null && !sourceBranch.startsWith("refs/")) {
      f.branch = sourceBranch;
    }
    if ("pullrequest".equals(reason)) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest =
          parseEnvNumber(
              env,
              firstPresentKey(
                  env, "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", "SYSTEM_PULLREQUEST_PULLREQUESTID"),
              f);
      if (f.pullRequest == null && sourceBranch != null) {
        Matcher m = PR_MERGE_REF.matcher(sourceBranch);
        if (m.matches()) {
          f.pullRequest = parsePositive(m.group(1));
        }
      }
      f.branch = stripHeads(firstNonBlank(val(env, "SYSTEM_PULLREQUEST_SOURCEBRANCH"), f.branch));
      f.baseBranch = stripHeads(val(env, "SYSTEM_PULLREQUEST_TARGETBRANCH"));
    } else if ("manual".equals(reason)) {
      f.event = CiEvent.MANUAL;
    } else if ("schedule".equals(reason)) {
      f.event = CiEvent.SCHEDULE;
    } else {
      f.event = f.tag != null ? CiEvent.TAG : CiEvent.PUSH;
    }
    f.sha = val(env, "BUILD_SOURCEVERSION");
    f.runId = val(env, "BUILD_BUILDID");
    f.repository = val(env, "BUILD_REPOSITORY_NAME");
    f.owner = firstNonBlank(ownerOf(f.repository), val(env, "SYSTEM_TEAMPROJECT"));
    if (f.repository != null && !f.repository.contains("/") && f.owner != null) {
      f.repository = f.owner + "/" + f.repository;
    }
  }

  private static void bitbucket(Map<String, String> env, Fields f) {
    Integer pr = parseEnvNumber(env, firstPresentKey(env, "BITBUCKET_PR_ID"), f);
    f.branch = val(env, "BITBUCKET_BRANCH");
    f.tag = val(env, "BITBUCKET_TAG");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.baseBranch = val(env, "BITBUCKET_PR_DESTINATION_BRANCH");
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    f.sha = val(env, "BITBUCKET_COMMIT");
    f.runId =
        firstNonBlank(val(env, "BITBUCKET_BUILD_NUMBER"), val(env, "BITBUCKET_PIPELINE_UUID"));
    f.repository = val(env, "BITBUCKET_REPO_FULL_NAME");
    f.owner =
        firstNonBlank(
            val(env, "BITBUCKET_WORKSPACE"),
            val(env, "BITBUCKET_REPO_OWNER"),
            ownerOf(f.repository));
  }

  private static void buildkite(Map<String, String> env, Fields f) {
    String prValue = val(env, "BUILDKITE_PULL_REQUEST");
    Integer pr = null;
    if (prValue != null && !"false".equalsIgnoreCase(prValue)) {
      pr = parseEnvNumber(env, "BUILDKITE_PULL_REQUEST", f);
    }
    String source = lower(env.get("BUILDKITE_SOURCE"));
    f.branch = val(env, "BUILDKITE_BRANCH");
    f.tag = val(env, "BUILDKITE_TAG");
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.baseBranch = val(env, "BUILDKITE_PULL_REQUEST_BASE_BRANCH");
    } else if ("schedule".equals(source)) {
      f.event = CiEvent.SCHEDULE;
    } else if ("ui".equals(source) || "api".equals(source) || "trigger_job".equals(source)) {
      f.event = CiEvent.MANUAL;
    } else if (f.tag != null) {
      f.event = CiEvent.TAG;
    } else {
      f.event = CiEvent.PUSH;
    }
    String commit = val(env, "BUILDKITE_COMMIT");
    f.sha =
        commit != null && HEX_SHA.matcher(commit).matches()
            ? commit.toLowerCase(Locale.ROOT)
            : null;
    f.defaultBranch = val(env, "BUILDKITE_PIPELINE_DEFAULT_BRANCH");
    f.runId = firstNonBlank(val(env, "BUILDKITE_BUILD_ID"), val(env, "BUILDKITE_BUILD_NUMBER"));
    f.repository = LocalGit.repositoryPath(val(env, "BUILDKITE_REPO"));
    f.owner = firstNonBlank(ownerOf(f.repository), val(env, "BUILDKITE_ORGANIZATION_SLUG"));
  }

  private static void jenkins(Map<String, String> env, Fields f) {
    Integer pr = parseEnvNumber(env, firstPresentKey(env, "CHANGE_ID"), f);
    f.tag = val(env, "TAG_NAME");
    String cause = upper(firstNonBlank(val(env, "BUILD_CAUSE"), causeFromFlags(env)));
    if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
      f.pullRequest = pr;
      f.branch = val(env, "CHANGE_BRANCH");
      f.baseBranch = val(env, "CHANGE_TARGET");
    } else {
      String branch = val(env, "BRANCH_NAME");
      if (branch == null) {
        branch = val(env, "GIT_BRANCH");
        if (branch != null) {
          branch = branch.replaceFirst("^refs/heads/", "").replaceFirst("^origin/", "");
        }
      }
      if (f.tag == null) {
        f.branch = branch;
      }
      if (cause != null && cause.contains("USERIDCAUSE") || "MANUALTRIGGER".equals(cause)) {
        f.event = CiEvent.MANUAL;
      } else if (cause != null && cause.contains("TIMERTRIGGER")) {
        f.event = CiEvent.SCHEDULE;
      } else {
        f.event = f.tag != null ? CiEvent.TAG : CiEvent.PUSH;
      }
    }
    f.sha = val(env, "GIT_COMMIT");
    f.runId = firstNonBlank(val(env, "BUILD_TAG"), val(env, "BUILD_NUMBER"));
    f.repository =
        LocalGit.repositoryPath(firstNonBlank(val(env, "GIT_URL"), val(env, "CHANGE_URL")));
    if (f.repository != null && val(env, "GIT_URL") == null) {
      // CHANGE_URL is .../owner/repo/pull/12: drop the pull request part
      f.repository =
          f.repository.replaceFirst(
              "/(pull|pull-requests|merge_requests|-/merge_requests)/\\d+$", "");
    }
    f.owner = ownerOf(f.repository);
  }

  private static String causeFromFlags(Map<String, String> env) {
    if (isTrue(env.get("BUILD_CAUSE_USERIDCAUSE"))
        || isTrue(env.get("BUILD_CAUSE_MANUALTRIGGER"))) {
      return "USERIDCAUSE";
    }
    if (isTrue(env.get("BUILD_CAUSE_TIMERTRIGGER"))) {
      return "TIMERTRIGGER";
    }
    return null;
  }

  private static void fillFromCheckout(LocalGit g, Fields f) {
    if (f.sha == null) {
      f.sha = g.headSha();
    }
    if (f.defaultBranch == null) {
      f.defaultBranch = g.originDefaultBranch();
    }
    if (f.repository == null) {
      f.repository = LocalGit.repositoryPath(g.originUrl());
      if (f.owner == null) {
        f.owner = ownerOf(f.repository);
      }
    }
  }

  private static final Pattern VERSION_TAG = Pattern.compile("[vV]?(\\d+)\\.(\\d+)\\.(\\d+)");

  /** Of several tags on one commit: the highest plain {@code vX.Y.Z}, else the first by name. */
  static String preferredTag(List<String> tags) {
    String best = null;
    long bestKey = -1;
    for (String t : tags) {
      Matcher m = VERSION_TAG.matcher(t);
      if (m.matches()) {
        try {
          long key =
              Long.parseLong(m.group(1)) * 1_000_000_000_000L
                  + Long.parseLong(m.group(2)) * 1_000_000L
                  + Long.parseLong(m.group(3));
          if (key > bestKey) {
            bestKey = key;
            best = t;
          }
        } catch (NumberFormatException ignored) {
          // absurdly long number: not a version
        }
      }
    }
    if (best != null) {
      return best;
    }
    return tags.isEmpty() ? null : tags.get(0);
  }

  private static void local(Optional<LocalGit> git, Fields f) {
    f.event = CiEvent.LOCAL;
    git.ifPresent(
        g -> {
          f.branch = g.branch();
          f.sha = g.headSha();
          f.tag = preferredTag(g.tagsAt(f.sha));
          f.defaultBranch = g.originDefaultBranch();
          f.repository = LocalGit.repositoryPath(g.originUrl());
          f.owner = ownerOf(f.repository);
        });
  }

  // ---------------------------------------------------------------- overrides

  private static Map<String, String> normalizeOverrides(Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    if (overrides == null) {
      return out;
    }
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      String key = entry.getKey();
      if (key == null || !key.startsWith(PREFIX)) {
        continue;
      }
      if (!KEYS.contains(key)) {
        String suggestion =
            KEYS.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(null);
        throw new IllegalArgumentException(
            "Unknown property "
                + key
                + (suggestion != null
                    ? ": did you mean " + suggestion + "?"
                    : ": use one of " + String.join(", ", KEYS)));
      }
      String value = CiContext.blankToNull(entry.getValue());
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  private static void applyOverrides(Map<String, String> o, Fields f) {
    CiEvent event = null;
    if (o.containsKey(EVENT)) {
      try {
        event = CiEvent.parse(o.get(EVENT));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(
            "Invalid "
                + EVENT
                + "='"
                + o.get(EVENT)
                + "': use one of push, pull_request, tag, manual, schedule, local");
      }
    }
    Integer pr = null;
    if (o.containsKey(PULL_REQUEST)) {
      pr = parsePositive(o.get(PULL_REQUEST).replaceFirst("^#", ""));
      if (pr == null) {
        throw new IllegalArgumentException(
            "Invalid "
                + PULL_REQUEST
                + "='"
                + o.get(PULL_REQUEST)
                + "': use the pull request number, e.g. -D"
                + PULL_REQUEST
                + "=42");
      }
      f.pullRequest = pr;
    }
    if (o.containsKey(TAG)) {
      f.tag = o.get(TAG);
    }
    if (event != null) {
      f.event = event;
      if (event != CiEvent.PULL_REQUEST && pr == null) {
        f.pullRequest = null;
      }
      if (event == CiEvent.PULL_REQUEST && f.pullRequest == null) {
        throw new IllegalArgumentException(
            EVENT
                + "=pull_request needs the pull request number: set "
                + PULL_REQUEST
                + " as well, e.g. -D"
                + PULL_REQUEST
                + "=42");
      }
      if (event == CiEvent.TAG && f.tag == null) {
        throw new IllegalArgumentException(
            EVENT + "=tag needs the tag name: set " + TAG + " as well, e.g. -D" + TAG + "=v1.2.3");
      }
    } else if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
    } else if (o.containsKey(TAG) && f.event != CiEvent.PULL_REQUEST) {
      f.event = CiEvent.TAG;
    }
    if (o.containsKey(BRANCH)) {
      f.branch = o.get(BRANCH);
    }
    if (o.containsKey(BASE_BRANCH)) {
      f.baseBranch = o.get(BASE_BRANCH);
    }
    if (o.containsKey(DEFAULT_BRANCH)) {
      f.defaultBranch = o.get(DEFAULT_BRANCH);
    }
    if (o.containsKey(SHA)) {
      String sha = o.get(SHA);
      if (!HEX_SHA.matcher(sha).matches()) {
        throw new IllegalArgumentException(
            "Invalid "
                + SHA
                + "='"
                + sha
                + "': use a hexadecimal commit id of 7 to 64 characters, e.g. the output of"
                + " 'git rev-parse HEAD'");
      }
      f.sha = sha.toLowerCase(Locale.ROOT);
    }
    if (o.containsKey(RUN_ID)) {
      f.runId = o.get(RUN_ID);
    }
    if (o.containsKey(REPOSITORY)) {
      f.repository = o.get(REPOSITORY);
      if (!o.containsKey(OWNER) && ownerOf(f.repository) != null) {
        f.owner = ownerOf(f.repository);
      }
    }
    if (o.containsKey(OWNER)) {
      f.owner = o.get(OWNER);
    }
  }

  // ---------------------------------------------------------------- helpers

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

  private static Integer parseEnvNumber(Map<String, String> env, String key, Fields f) {
    if (key == null) {
      return null;
    }
    String value = val(env, key);
    Integer n = parsePositive(value);
    if (n == null && value != null && f.invalidPullRequest == null) {
      f.invalidPullRequest =
          "CI variable "
              + key
              + "='"
              + value
              + "' is not a pull request number: set "
              + PULL_REQUEST
              + "=<number> (or "
              + EVENT
              + "=push)";
    }
    return n;
  }

  private static String firstPresentKey(Map<String, String> env, String... keys) {
    for (String k : keys) {
      if (val(env, k) != null) {
        return k;
      }
    }
    return null;
  }

  static Integer parsePositive(String s) {
    if (s == null || !s.trim().matches("\\d{1,9}")) {
      return null;
    }
    int n = Integer.parseInt(s.trim());
    return n > 0 ? n : null;
  }

  private static Integer positiveInt(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber()) {
      long n = node.asLong();
      return n > 0 && n <= Integer.MAX_VALUE ? (int) n : null;
    }
    return node.isTextual() ? parsePositive(node.asText()) : null;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? CiContext.blankToNull(node.asText()) : null;
  }

  private static String stripHeads(String ref) {
    return ref != null && ref.startsWith("refs/heads/") ? ref.substring(11) : ref;
  }

  private static String ownerOf(String repository) {
    if (repository == null) {
      return null;
    }
    int slash = repository.lastIndexOf('/');
    return slash > 0 ? repository.substring(0, slash) : null;
  }

  private static String val(Map<String, String> env, String key) {
    return CiContext.blankToNull(env.get(key));
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean isTrue(String s) {
    return s != null && (s.trim().equalsIgnoreCase("true") || s.trim().equals("1"));
  }

  private static String lower(String s) {
    String t = CiContext.blankToNull(s);
    return t == null ? null : t.toLowerCase(Locale.ROOT);
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** Mutable fields collected during detection. */
  private static final class Fields {
    final String provider;
    CiEvent event;
    String branch;
    String baseBranch;
    String defaultBranch;
    Integer pullRequest;
    String tag;
    String sha;
    String runId;
    String owner;
    String repository;
    String invalidPullRequest;

    Fields(String provider) {
      this.provider = provider;
    }
  }
}
