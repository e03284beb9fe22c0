package dev.buildgate.core.ci;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

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
 * <p>Per provider (one class each, asked in {@link #PROVIDERS} order):
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
      Stream.concat(CiProviders.ALL.stream().map(CiProvider::id), Stream.of(LocalCheckout.ID))
          .toList();

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
    CiEnv e = new CiEnv(env);
    Map<String, String> o = CiOverrides.normalize(overrides);

    String provider = o.containsKey(PROVIDER) ? forcedProvider(o.get(PROVIDER)) : detectProvider(e);
    CiFields f = new CiFields(provider);
    CiProviders.byId(provider)
        .ifPresentOrElse(
            p -> {
              p.read(e, f);
              fillFromCheckout(o, workDir, f);
            },
            () -> LocalCheckout.read(LocalGit.find(workDir), f));
    CiOverrides.apply(o, f);
    if (f.invalidPullRequest != null
        && !o.containsKey(PULL_REQUEST)
        && (!o.containsKey(EVENT) || f.event == CiEvent.PULL_REQUEST)) {
      throw new IllegalArgumentException(f.invalidPullRequest);
    }
    return context(f, o);
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
    return detectProvider(new CiEnv(env));
  }

  private static String detectProvider(CiEnv env) {
    return CiProviders.detect(env).map(CiProvider::id).orElse(LocalCheckout.ID);
  }

  private static String forcedProvider(String value) {
    String provider = value.toLowerCase(Locale.ROOT);
    if (!PROVIDERS.contains(provider)) {
      throw new IllegalArgumentException(
          "Invalid " + PROVIDER + "='" + value + "': use one of " + String.join(", ", PROVIDERS));
    }
    return provider;
  }

  /** In CI: fills what the CI system does not tell from the checkout, unless all is overridden. */
  private static void fillFromCheckout(Map<String, String> o, Path workDir, CiFields f) {
    if ((f.sha == null || f.defaultBranch == null || f.repository == null)
        && !(o.containsKey(SHA) && o.containsKey(DEFAULT_BRANCH) && o.containsKey(REPOSITORY))) {
      try {
        LocalGit.find(workDir).ifPresent(g -> LocalCheckout.fillGaps(g, f));
      } catch (RuntimeException unreadableCheckout) {
        // best effort only: the CI variables are what counts here
      }
    }
  }

  private static CiContext context(CiFields f, Map<String, String> o) {
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
}
