package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiEvent.MANUAL;
import static dev.buildgate.core.ci.CiEvent.PULL_REQUEST;
import static dev.buildgate.core.ci.CiEvent.PUSH;
import static dev.buildgate.core.ci.CiEvent.SCHEDULE;
import static dev.buildgate.core.ci.CiEvent.TAG;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven detection tests: every CI system with push, pull request, tag and manual events. */
class CiDetectorTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final String SHA7 = "sha-0123456";

  @TempDir Path tmp;

  /** One row of the table. */
  record Case(
      String name,
      Map<String, String> env,
      String eventJson,
      Map<String, String> overrides,
      CiContext expected,
      List<String> tags) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Map<String, String> with(Map<String, String> base, String... kv) {
    Map<String, String> m = new LinkedHashMap<>(base);
    m.putAll(env(kv));
    return m;
  }

  static Case c(String name, Map<String, String> env, CiContext expected, String... tags) {
    return new Case(name, env, null, Map.of(), expected, List.of(tags));
  }

  static Case c(
      String name, Map<String, String> env, String eventJson, CiContext expected, String... tags) {
    return new Case(name, env, eventJson, Map.of(), expected, List.of(tags));
  }

  static Case c(
      String name,
      Map<String, String> env,
      Map<String, String> overrides,
      CiContext expected,
      String... tags) {
    return new Case(name, env, null, overrides, expected, List.of(tags));
  }

  static CiContext ctx(
      String provider,
      CiEvent event,
      String branch,
      String defaultBranch,
      Integer pr,
      String tag,
      String runId,
      String owner,
      String repository,
      String base) {
    return new CiContext(
        provider, event, branch, defaultBranch, pr, tag, SHA, runId, owner, repository, base);
  }

  // ------------------------------------------------------------------ GitHub Actions

  static final Map<String, String> GH =
      env(
          "GITHUB_ACTIONS", "true",
          "GITHUB_SHA", SHA,
          "GITHUB_RUN_ID", "4242",
          "GITHUB_REPOSITORY_OWNER", "Acme",
          "GITHUB_REPOSITORY", "Acme/Shop");

  static final String REPO_JSON = "\"repository\": {\"default_branch\": \"main\"}";

  static Stream<Case> github() {
    return Stream.of(
        c(
            "github push to default branch",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "push",
                "GITHUB_REF",
                "refs/heads/main",
                "GITHUB_REF_NAME",
                "main",
                "GITHUB_REF_TYPE",
                "branch"),
            "{\"ref\": \"refs/heads/main\", " + REPO_JSON + "}",
            ctx("github", PUSH, "main", "main", null, null, "4242", "Acme", "Acme/Shop", null),
            "main",
            SHA7,
            "latest"),
        c(
            "github push to feature branch, default branch develop from event JSON",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "push",
                "GITHUB_REF",
                "refs/heads/feature/Login-UI",
                "GITHUB_REF_NAME",
                "feature/Login-UI",
                "GITHUB_REF_TYPE",
                "branch"),
            "{\"repository\": {\"default_branch\": \"develop\"}}",
            ctx(
                "github",
                PUSH,
                "feature/Login-UI",
                "develop",
                null,
                null,
                "4242",
                "Acme",
                "Acme/Shop",
                null),
            "feature-Login-UI",
            SHA7),
        c(
            "github pull request (number from event JSON)",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "pull_request",
                "GITHUB_REF",
                "refs/pull/42/merge",
                "GITHUB_REF_NAME",
                "42/merge",
                "GITHUB_HEAD_REF",
                "feat/login",
                "GITHUB_BASE_REF",
                "main"),
            "{\"number\": 42, \"pull_request\": {\"number\": 42}, " + REPO_JSON + "}",
            ctx(
                "github",
                PULL_REQUEST,
                "feat/login",
                "main",
                42,
                null,
                "4242",
                "Acme",
                "Acme/Shop",
                "main"),
            "pr-42",
            SHA7),
        c(
            "github pull_request_target (ref is the base branch, number only in JSON)",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "pull_request_target",
                "GITHUB_REF",
                "refs/heads/main",
                "GITHUB_REF_NAME",
                "main",
                "GITHUB_HEAD_REF",
                "fork-fix",
                "GITHUB_BASE_REF",
                "main"),
            "{\"pull_request\": {\"number\": 43}, " + REPO_JSON + "}",
            ctx(
                "github",
                PULL_REQUEST,
                "fork-fix",
                "main",
                43,
                null,
                "4242",
                "Acme",
                "Acme/Shop",
                "main"),
            "pr-43",
            SHA7),
        c(
            "github pull request without event file (number from refs/pull/N/merge)",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "pull_request",
                "GITHUB_REF",
                "refs/pull/17/merge",
                "GITHUB_HEAD_REF",
                "fix/typo",
                "GITHUB_BASE_REF",
                "main",
                "GITHUB_EVENT_PATH",
                "/nonexistent/event.json"),
            ctx(
                "github",
                PULL_REQUEST,
                "fix/typo",
                "main",
                17,
                null,
                "4242",
                "Acme",
                "Acme/Shop",
                "main"),
            "pr-17",
            SHA7),
        c(
            "github pull request with a corrupt event file falls back to the ref",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "pull_request",
                "GITHUB_REF",
                "refs/pull/18/merge",
                "GITHUB_HEAD_REF",
                "fix/json",
                "GITHUB_BASE_REF",
                "main"),
            "{not json",
            ctx(
                "github",
                PULL_REQUEST,
                "fix/json",
                "main",
                18,
                null,
                "4242",
                "Acme",
                "Acme/Shop",
                "main"),
            "pr-18",
            SHA7),
        c(
            "github tag push",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "push",
                "GITHUB_REF",
                "refs/tags/v1.2.3",
                "GITHUB_REF_NAME",
                "v1.2.3",
                "GITHUB_REF_TYPE",
                "tag"),
            "{" + REPO_JSON + "}",
            ctx("github", TAG, null, "main", null, "v1.2.3", "4242", "Acme", "Acme/Shop", null),
            "1.2.3",
            "1.2",
            SHA7),
        c(
            "github release event",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "release",
                "GITHUB_REF",
                "refs/tags/v2.0.0-rc.1",
                "GITHUB_REF_NAME",
                "v2.0.0-rc.1",
                "GITHUB_REF_TYPE",
                "tag"),
            "{\"release\": {\"tag_name\": \"v2.0.0-rc.1\"}, " + REPO_JSON + "}",
            ctx(
                "github",
                TAG,
                null,
                "main",
                null,
                "v2.0.0-rc.1",
                "4242",
                "Acme",
                "Acme/Shop",
                null),
            "2.0.0-rc.1",
            SHA7),
        c(
            "github manual workflow_dispatch on default branch",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "workflow_dispatch",
                "GITHUB_REF",
                "refs/heads/main",
                "GITHUB_REF_NAME",
                "main",
                "GITHUB_REF_TYPE",
                "branch"),
            "{\"inputs\": {}, " + REPO_JSON + "}",
            ctx("github", MANUAL, "main", "main", null, null, "4242", "Acme", "Acme/Shop", null),
            "main",
            SHA7,
            "latest"),
        c(
            "github schedule",
            with(
                GH,
                "GITHUB_EVENT_NAME",
                "schedule",
                "GITHUB_REF",
                "refs/heads/main",
                "GITHUB_REF_NAME",
                "main"),
            ctx("github", SCHEDULE, "main", "main", null, null, "4242", "Acme", "Acme/Shop", null),
            "main",
            SHA7,
            "latest"));
  }

  // ------------------------------------------------------------------ GitLab CI

  static final Map<String, String> GL =
      env(
          "GITLAB_CI", "true",
          "CI_DEFAULT_BRANCH", "main",
          "CI_COMMIT_SHA", SHA,
          "CI_PIPELINE_ID", "999",
          "CI_PROJECT_NAMESPACE", "group/sub",
          "CI_PROJECT_PATH", "group/sub/shop");

  static Stream<Case> gitlab() {
    return Stream.of(
        c(
            "gitlab push",
            with(
                GL,
                "CI_PIPELINE_SOURCE",
                "push",
                "CI_COMMIT_BRANCH",
                "main",
                "CI_COMMIT_REF_NAME",
                "main"),
            ctx(
                "gitlab",
                PUSH,
                "main",
                "main",
                null,
                null,
                "999",
                "group/sub",
                "group/sub/shop",
                null),
            "main",
            SHA7,
            "latest"),
        c(
            "gitlab merge request",
            with(
                GL,
                "CI_PIPELINE_SOURCE",
                "merge_request_event",
                "CI_MERGE_REQUEST_IID",
                "5",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
                "feat/x",
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
                "main",
                "CI_COMMIT_REF_NAME",
                "feat/x"),
            ctx(
                "gitlab",
                PULL_REQUEST,
                "feat/x",
                "main",
                5,
                null,
                "999",
                "group/sub",
                "group/sub/shop",
                "main"),
            "pr-5",
            SHA7),
        c(
            "gitlab tag",
            with(
                GL,
                "CI_PIPELINE_SOURCE",
                "push",
                "CI_COMMIT_TAG",
                "v3.1.0",
                "CI_COMMIT_REF_NAME",
                "v3.1.0"),
            ctx(
                "gitlab",
                TAG,
                null,
                "main",
                null,
                "v3.1.0",
                "999",
                "group/sub",
                "group/sub/shop",
                null),
            "3.1.0",
            "3.1",
            SHA7),
        c(
            "gitlab manual (web) on a feature branch",
            with(
                GL,
                "CI_PIPELINE_SOURCE",
                "web",
                "CI_COMMIT_BRANCH",
                "feat/web",
                "CI_COMMIT_REF_NAME",
                "feat/web"),
            ctx(
                "gitlab",
                MANUAL,
                "feat/web",
                "main",
                null,
                null,
                "999",
                "group/sub",
                "group/sub/shop",
                null),
            "feat-web",
            SHA7),
        c(
            "gitlab schedule",
            with(
                GL,
                "CI_PIPELINE_SOURCE",
                "schedule",
                "CI_COMMIT_BRANCH",
                "main",
                "CI_COMMIT_REF_NAME",
                "main"),
            ctx(
                "gitlab",
                SCHEDULE,
                "main",
                "main",
                null,
                null,
                "999",
                "group/sub",
                "group/sub/shop",
                null),
            "main",
            SHA7,
            "latest"),
        c(
            "gitlab default branch master",
            with(
                GL,
                "CI_PIPELINE_SOURCE",
                "push",
                "CI_COMMIT_BRANCH",
                "master",
                "CI_DEFAULT_BRANCH",
                "master"),
            ctx(
                "gitlab",
                PUSH,
                "master",
                "master",
                null,
                null,
                "999",
                "group/sub",
                "group/sub/shop",
                null),
            "master",
            SHA7,
            "latest"));
  }

  // ------------------------------------------------------------------ Jenkins

  static final Map<String, String> JK =
      env(
          "JENKINS_URL", "https://jenkins.example.com/",
          "GIT_COMMIT", SHA,
          "BUILD_NUMBER", "7",
          "BUILD_TAG", "jenkins-shop-main-7",
          "GIT_URL", "https://github.com/acme/shop.git");

  static Stream<Case> jenkins() {
    return Stream.of(
        c(
            "jenkins branch build",
            with(JK, "BRANCH_NAME", "main"),
            ctx(
                "jenkins",
                PUSH,
                "main",
                "main",
                null,
                null,
                "jenkins-shop-main-7",
                "acme",
                "acme/shop",
                null),
            "main",
            SHA7,
            "latest"),
        c(
            "jenkins pull request (CHANGE_ID), repository from CHANGE_URL",
            env(
                "JENKINS_URL", "https://jenkins.example.com/",
                "GIT_COMMIT", SHA,
                "BUILD_NUMBER", "3",
                "BRANCH_NAME", "PR-12",
                "CHANGE_ID", "12",
                "CHANGE_BRANCH", "feat/y",
                "CHANGE_TARGET", "main",
                "CHANGE_URL", "https://github.com/acme/shop/pull/12"),
            ctx(
                "jenkins",
                PULL_REQUEST,
                "feat/y",
                "main",
                12,
                null,
                "3",
                "acme",
                "acme/shop",
                "main"),
            "pr-12",
            SHA7),
        c(
            "jenkins tag",
            with(JK, "BRANCH_NAME", "v1.0.0", "TAG_NAME", "v1.0.0"),
            ctx(
                "jenkins",
                TAG,
                null,
                "main",
                null,
                "v1.0.0",
                "jenkins-shop-main-7",
                "acme",
                "acme/shop",
                null),
            "1.0.0",
            "1.0",
            SHA7),
        c(
            "jenkins manual (BUILD_CAUSE)",
            with(JK, "BRANCH_NAME", "main", "BUILD_CAUSE", "MANUALTRIGGER"),
            ctx(
                "jenkins",
                MANUAL,
                "main",
                "main",
                null,
                null,
                "jenkins-shop-main-7",
                "acme",
                "acme/shop",
                null),
            "main",
            SHA7,
            "latest"),
        c(
            "jenkins manual (user id cause flag), freestyle GIT_BRANCH",
            with(JK, "GIT_BRANCH", "origin/release/2", "BUILD_CAUSE_USERIDCAUSE", "true"),
            ctx(
                "jenkins",
                MANUAL,
                "release/2",
                "main",
                null,
                null,
                "jenkins-shop-main-7",
                "acme",
                "acme/shop",
                null),
            "release-2",
            SHA7),
        c(
            "jenkins timer",
            with(JK, "BRANCH_NAME", "main", "BUILD_CAUSE", "TIMERTRIGGER"),
            ctx(
                "jenkins",
                SCHEDULE,
                "main",
                "main",
                null,
                null,
                "jenkins-shop-main-7",
                "acme",
                "acme/shop",
                null),
            "main",
            SHA7,
            "latest"));
  }

  // ------------------------------------------------------------------ CircleCI

  static final Map<String, String> CC =
      env(
          "CIRCLECI", "true",
          "CIRCLE_SHA1", SHA,
          "CIRCLE_WORKFLOW_ID", "wf-1",
          "CIRCLE_BUILD_NUM", "55",
          "CIRCLE_PROJECT_USERNAME", "Acme",
          "CIRCLE_PROJECT_REPONAME", "shop");

  static Stream<Case> circleci() {
    return Stream.of(
        c(
            "circleci push",
            with(CC, "CIRCLE_BRANCH", "main"),
            ctx("circleci", PUSH, "main", "main", null, null, "wf-1", "Acme", "Acme/shop", null),
            "main",
            SHA7,
            "latest"),
        c(
            "circleci pull request",
            with(
                CC,
                "CIRCLE_BRANCH",
                "feat/z",
                "CIRCLE_PULL_REQUEST",
                "https://github.com/Acme/shop/pull/88"),
            ctx(
                "circleci",
                PULL_REQUEST,
                "feat/z",
                "main",
                88,
                null,
                "wf-1",
                "Acme",
                "Acme/shop",
                null),
            "pr-88",
            SHA7),
        c(
            "circleci forked pull request (CIRCLE_PR_NUMBER)",
            with(CC, "CIRCLE_BRANCH", "pull/89", "CIRCLE_PR_NUMBER", "89"),
            ctx(
                "circleci",
                PULL_REQUEST,
                "pull/89",
                "main",
                89,
                null,
                "wf-1",
                "Acme",
                "Acme/shop",
                null),
            "pr-89",
            SHA7),
        c(
            "circleci tag",
            with(CC, "CIRCLE_TAG", "v0.9.1"),
            ctx("circleci", TAG, null, "main", null, "v0.9.1", "wf-1", "Acme", "Acme/shop", null),
            "0.9.1",
            "0.9",
            SHA7),
        c(
            "circleci manual (no env for the trigger: override)",
            with(CC, "CIRCLE_BRANCH", "main"),
            Map.of("buildgate.ci.event", "manual"),
            ctx("circleci", MANUAL, "main", "main", null, null, "wf-1", "Acme", "Acme/shop", null),
            "main",
            SHA7,
            "latest"));
  }

  // ------------------------------------------------------------------ Azure Pipelines

  static final Map<String, String> AZ =
      env(
          "TF_BUILD", "True",
          "BUILD_SOURCEVERSION", SHA,
          "BUILD_BUILDID", "321",
          "BUILD_REPOSITORY_NAME", "Acme/shop");

  static Stream<Case> azure() {
    return Stream.of(
        c(
            "azure push",
            with(
                AZ,
                "BUILD_REASON",
                "IndividualCI",
                "BUILD_SOURCEBRANCH",
                "refs/heads/main",
                "BUILD_SOURCEBRANCHNAME",
                "main"),
            ctx("azure", PUSH, "main", "main", null, null, "321", "Acme", "Acme/shop", null),
            "main",
            SHA7,
            "latest"),
        c(
            "azure GitHub pull request",
            with(
                AZ,
                "BUILD_REASON",
                "PullRequest",
                "BUILD_SOURCEBRANCH",
                "refs/pull/9/merge",
                "SYSTEM_PULLREQUEST_PULLREQUESTNUMBER",
                "9",
                "SYSTEM_PULLREQUEST_PULLREQUESTID",
                "123456789",
                "SYSTEM_PULLREQUEST_SOURCEBRANCH",
                "refs/heads/feat/a",
                "SYSTEM_PULLREQUEST_TARGETBRANCH",
                "refs/heads/main"),
            ctx(
                "azure",
                PULL_REQUEST,
                "feat/a",
                "main",
                9,
                null,
                "321",
                "Acme",
                "Acme/shop",
                "main"),
            "pr-9",
            SHA7),
        c(
            "azure repos pull request (id), project as owner",
            env(
                "TF_BUILD", "True",
                "BUILD_SOURCEVERSION", SHA,
                "BUILD_BUILDID", "322",
                "BUILD_REPOSITORY_NAME", "shop",
                "SYSTEM_TEAMPROJECT", "Proj",
                "BUILD_REASON", "PullRequest",
                "BUILD_SOURCEBRANCH", "refs/pull/31/merge",
                "SYSTEM_PULLREQUEST_PULLREQUESTID", "31",
                "SYSTEM_PULLREQUEST_SOURCEBRANCH", "refs/heads/x",
                "SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main"),
            ctx("azure", PULL_REQUEST, "x", "main", 31, null, "322", "Proj", "Proj/shop", "main"),
            "pr-31",
            SHA7),
        c(
            "azure tag",
            with(AZ, "BUILD_REASON", "IndividualCI", "BUILD_SOURCEBRANCH", "refs/tags/v4.5.6"),
            ctx("azure", TAG, null, "main", null, "v4.5.6", "321", "Acme", "Acme/shop", null),
            "4.5.6",
            "4.5",
            SHA7),
        c(
            "azure manual",
            with(AZ, "BUILD_REASON", "Manual", "BUILD_SOURCEBRANCH", "refs/heads/dev/x"),
            ctx("azure", MANUAL, "dev/x", "main", null, null, "321", "Acme", "Acme/shop", null),
            "dev-x",
            SHA7),
        c(
            "azure schedule",
            with(AZ, "BUILD_REASON", "Schedule", "BUILD_SOURCEBRANCH", "refs/heads/main"),
            ctx("azure", SCHEDULE, "main", "main", null, null, "321", "Acme", "Acme/shop", null),
            "main",
            SHA7,
            "latest"));
  }

  // ------------------------------------------------------------------ Bitbucket Pipelines

  static final Map<String, String> BB =
      env(
          "BITBUCKET_BUILD_NUMBER", "77",
          "BITBUCKET_COMMIT", SHA,
          "BITBUCKET_WORKSPACE", "acme",
          "BITBUCKET_REPO_FULL_NAME", "acme/shop");

  static Stream<Case> bitbucket() {
    return Stream.of(
        c(
            "bitbucket push",
            with(BB, "BITBUCKET_BRANCH", "main"),
            ctx("bitbucket", PUSH, "main", "main", null, null, "77", "acme", "acme/shop", null),
            "main",
            SHA7,
            "latest"),
        c(
            "bitbucket pull request",
            with(
                BB,
                "BITBUCKET_BRANCH",
                "feat/b",
                "BITBUCKET_PR_ID",
                "3",
                "BITBUCKET_PR_DESTINATION_BRANCH",
                "main"),
            ctx(
                "bitbucket",
                PULL_REQUEST,
                "feat/b",
                "main",
                3,
                null,
                "77",
                "acme",
                "acme/shop",
                "main"),
            "pr-3",
            SHA7),
        c(
            "bitbucket tag",
            with(BB, "BITBUCKET_TAG", "v1.1.1"),
            ctx("bitbucket", TAG, null, "main", null, "v1.1.1", "77", "acme", "acme/shop", null),
            "1.1.1",
            "1.1",
            SHA7),
        c(
            "bitbucket manual (custom pipeline: override)",
            with(BB, "BITBUCKET_BRANCH", "main"),
            Map.of("buildgate.ci.event", "MANUAL"),
            ctx("bitbucket", MANUAL, "main", "main", null, null, "77", "acme", "acme/shop", null),
            "main",
            SHA7,
            "latest"));
  }

  // ------------------------------------------------------------------ Buildkite

  static final Map<String, String> BK =
      env(
          "BUILDKITE", "true",
          "BUILDKITE_COMMIT", SHA,
          "BUILDKITE_PIPELINE_DEFAULT_BRANCH", "trunk",
          "BUILDKITE_BUILD_ID", "bk-uuid",
          "BUILDKITE_BUILD_NUMBER", "12",
          "BUILDKITE_REPO", "git@github.com:acme/shop.git",
          "BUILDKITE_ORGANIZATION_SLUG", "acme-org");

  static Stream<Case> buildkite() {
    return Stream.of(
        c(
            "buildkite push",
            with(
                BK,
                "BUILDKITE_BRANCH",
                "trunk",
                "BUILDKITE_PULL_REQUEST",
                "false",
                "BUILDKITE_SOURCE",
                "webhook"),
            ctx(
                "buildkite",
                PUSH,
                "trunk",
                "trunk",
                null,
                null,
                "bk-uuid",
                "acme",
                "acme/shop",
                null),
            "trunk",
            SHA7,
            "latest"),
        c(
            "buildkite pull request",
            with(
                BK,
                "BUILDKITE_BRANCH",
                "feat/c",
                "BUILDKITE_PULL_REQUEST",
                "15",
                "BUILDKITE_PULL_REQUEST_BASE_BRANCH",
                "trunk",
                "BUILDKITE_SOURCE",
                "webhook"),
            ctx(
                "buildkite",
                PULL_REQUEST,
                "feat/c",
                "trunk",
                15,
                null,
                "bk-uuid",
                "acme",
                "acme/shop",
                "trunk"),
            "pr-15",
            SHA7),
        c(
            "buildkite tag",
            with(
                BK,
                "BUILDKITE_BRANCH",
                "v2.2.2",
                "BUILDKITE_TAG",
                "v2.2.2",
                "BUILDKITE_PULL_REQUEST",
                "false"),
            ctx(
                "buildkite",
                TAG,
                null,
                "trunk",
                null,
                "v2.2.2",
                "bk-uuid",
                "acme",
                "acme/shop",
                null),
            "2.2.2",
            "2.2",
            SHA7),
        c(
            "buildkite manual (ui)",
            with(
                BK,
                "BUILDKITE_BRANCH",
                "trunk",
                "BUILDKITE_PULL_REQUEST",
                "false",
                "BUILDKITE_SOURCE",
                "ui"),
            ctx(
                "buildkite",
                MANUAL,
                "trunk",
                "trunk",
                null,
                null,
                "bk-uuid",
                "acme",
                "acme/shop",
                null),
            "trunk",
            SHA7,
            "latest"),
        c(
            "buildkite schedule",
            with(
                BK,
                "BUILDKITE_BRANCH",
                "trunk",
                "BUILDKITE_PULL_REQUEST",
                "false",
                "BUILDKITE_SOURCE",
                "schedule"),
            ctx(
                "buildkite",
                SCHEDULE,
                "trunk",
                "trunk",
                null,
                null,
                "bk-uuid",
                "acme",
                "acme/shop",
                null),
            "trunk",
            SHA7,
            "latest"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"github", "gitlab", "jenkins", "circleci", "azure", "bitbucket", "buildkite"})
  void detects(Case c) throws Exception {
    Map<String, String> env = new HashMap<>(c.env());
    if (c.eventJson() != null) {
      Path event = tmp.resolve("event.json");
      Files.writeString(event, c.eventJson());
      env.put("GITHUB_EVENT_PATH", event.toString());
    }
    Path workDir = Files.createDirectories(tmp.resolve("not-a-checkout"));

    CiContext ctx = CiDetector.detect(env, c.overrides(), workDir);

    assertThat(ctx).isEqualTo(c.expected());
    assertThat(TagScheme.tags(ctx)).containsExactlyElementsOf(c.tags());
    String expectedBaseTag = ctx.isPullRequest() ? "pr-" + ctx.pullRequest() : "latest";
    assertThat(TagScheme.baseTag(ctx)).isEqualTo(expectedBaseTag);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"github", "gitlab", "jenkins", "circleci", "azure", "bitbucket", "buildkite"})
  void providerIsDetectedFromItsMarkers(Case c) {
    assertThat(CiDetector.detectProvider(c.env())).isEqualTo(c.expected().provider());
  }
}
