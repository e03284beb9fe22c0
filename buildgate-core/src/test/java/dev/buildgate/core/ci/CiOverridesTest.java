package dev.buildgate.core.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CiOverridesTest {

  static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  static final Map<String, String> GITHUB_PR =
      Map.of(
          "GITHUB_ACTIONS", "true",
          "GITHUB_EVENT_NAME", "pull_request",
          "GITHUB_REF", "refs/pull/42/merge",
          "GITHUB_HEAD_REF", "feat/x",
          "GITHUB_BASE_REF", "main",
          "GITHUB_SHA", SHA,
          "GITHUB_REPOSITORY", "Acme/Shop");

  @TempDir Path tmp;

  @Test
  void everyFieldCanBeOverridden() {
    Map<String, String> o = new HashMap<>();
    o.put("buildgate.ci.provider", "github");
    o.put("buildgate.ci.event", "push");
    o.put("buildgate.ci.branch", "release/1.x");
    o.put("buildgate.ci.baseBranch", "main");
    o.put("buildgate.ci.defaultBranch", "release/1.x");
    o.put("buildgate.ci.sha", "ABCDEF0123456789ABCDEF0123456789ABCDEF01");
    o.put("buildgate.ci.runId", "run-9");
    o.put("buildgate.ci.owner", "Other");
    o.put("buildgate.ci.repository", "Other/Thing");

    CiContext ctx = CiDetector.detect(GITHUB_PR, o, tmp);

    assertThat(ctx)
        .isEqualTo(
            new CiContext(
                "github",
                CiEvent.PUSH,
                "release/1.x",
                "release/1.x",
                null,
                null,
                "abcdef0123456789abcdef0123456789abcdef01",
                "run-9",
                "Other",
                "Other/Thing",
                "main"));
    assertThat(ctx.onDefaultBranch()).isTrue();
    assertThat(TagScheme.tags(ctx)).containsExactly("release-1.x", "sha-abcdef0", "latest");
  }

  @Test
  void pullRequestOverrideMakesAPullRequest() {
    CiContext ctx =
        CiDetector.detect(
            Map.of(),
            Map.of(
                "buildgate.ci.provider", "local",
                "buildgate.ci.pullRequest", "#7",
                "buildgate.ci.branch", "feat/y"),
            tmp);
    assertThat(ctx.event()).isEqualTo(CiEvent.PULL_REQUEST);
    assertThat(ctx.pullRequest()).isEqualTo(7);
    assertThat(TagScheme.baseTag(ctx)).isEqualTo("pr-7");
    assertThat(TagScheme.tags(ctx)).containsExactly("pr-7");
  }

  @Test
  void tagOverrideMakesATagBuild() {
    CiContext ctx =
        CiDetector.detect(
            Map.of(), Map.of("buildgate.ci.tag", "v5.6.7", "buildgate.ci.sha", "1234567"), tmp);
    assertThat(ctx.event()).isEqualTo(CiEvent.TAG);
    assertThat(ctx.branch()).isNull();
    assertThat(TagScheme.tags(ctx)).containsExactly("5.6.7", "5.6", "sha-1234567");
  }

  @Test
  void repositoryOverrideAlsoSetsTheOwner() {
    CiContext ctx =
        CiDetector.detect(GITHUB_PR, Map.of("buildgate.ci.repository", "team/project"), tmp);
    assertThat(ctx.owner()).isEqualTo("team");
    assertThat(ctx.repository()).isEqualTo("team/project");
    assertThat(ctx.repositoryName()).isEqualTo("project");
  }

  @Test
  void blankOverridesAreIgnoredAndOtherKeysToo() {
    Map<String, String> o = new HashMap<>();
    o.put("buildgate.ci.branch", "  ");
    o.put("buildgate.ci.pullRequest", "");
    o.put("buildgate.registry", "ghcr.io");
    o.put("unrelated", "x");
    CiContext ctx = CiDetector.detect(GITHUB_PR, o, tmp);
    assertThat(ctx.branch()).isEqualTo("feat/x");
    assertThat(ctx.pullRequest()).isEqualTo(42);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "buildgate.ci.pullRequest | abc | buildgate.ci.pullRequest='abc': use the pull request"
            + " number, e.g. -Dbuildgate.ci.pullRequest=42",
        "buildgate.ci.pullRequest | 0 | buildgate.ci.pullRequest='0'",
        "buildgate.ci.pullRequest | -3 | buildgate.ci.pullRequest='-3'",
        "buildgate.ci.event | deploy | buildgate.ci.event='deploy': use one of push, pull_request,"
            + " tag, manual, schedule, local",
        "buildgate.ci.provider | travis | buildgate.ci.provider='travis': use one of github,"
            + " gitlab",
        "buildgate.ci.sha | not-a-sha | buildgate.ci.sha='not-a-sha': use a hexadecimal commit id",
        "buildgate.ci.branchName | x | Unknown property buildgate.ci.branchName: use one of",
        "buildgate.ci.pullrequest | 1 | Unknown property buildgate.ci.pullrequest: did you mean"
            + " buildgate.ci.pullRequest?",
      })
  void badOverrideIsAOneLineErrorNamingThePropertyAndTheFix(
      String key, String value, String expected) {
    assertThatThrownBy(() -> CiDetector.detect(Map.of(), Map.of(key, value), tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void pullRequestEventWithoutNumberIsRejected() {
    assertThatThrownBy(
            () -> CiDetector.detect(Map.of(), Map.of("buildgate.ci.event", "pull_request"), tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set buildgate.ci.pullRequest");
  }

  @Test
  void tagEventWithoutTagIsRejected() {
    assertThatThrownBy(() -> CiDetector.detect(Map.of(), Map.of("buildgate.ci.event", "tag"), tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set buildgate.ci.tag");
  }

  @Test
  void eventOverrideToPushDropsTheDetectedPullRequest() {
    CiContext ctx = CiDetector.detect(GITHUB_PR, Map.of("buildgate.ci.event", "push"), tmp);
    assertThat(ctx.event()).isEqualTo(CiEvent.PUSH);
    assertThat(ctx.pullRequest()).isNull();
    assertThat(ctx.isPullRequest()).isFalse();
  }

  @Test
  void forcedProviderReadsThatProvidersVariables() {
    Map<String, String> env = Map.of("CI_COMMIT_BRANCH", "dev", "CI_PIPELINE_SOURCE", "push");
    CiContext ctx = CiDetector.detect(env, Map.of("buildgate.ci.provider", "GitLab"), tmp);
    assertThat(ctx.provider()).isEqualTo("gitlab");
    assertThat(ctx.branch()).isEqualTo("dev");
  }

  @Test
  void localWithoutCheckoutHasDefaults() {
    CiContext ctx = CiDetector.detect(Map.of(), Map.of(), tmp);
    assertThat(ctx.provider()).isEqualTo("local");
    assertThat(ctx.event()).isEqualTo(CiEvent.LOCAL);
    assertThat(ctx.defaultBranch()).isEqualTo("main");
    assertThat(ctx.branch()).isNull();
    assertThat(ctx.sha()).isNull();
    assertThat(ctx.shortSha()).isNull();
    assertThat(TagScheme.tags(ctx)).isEmpty();
    assertThat(TagScheme.baseTag(ctx)).isEqualTo("latest");
  }

  @Test
  void overridesAreCollectedFromPropertyMapsLaterWins() {
    Properties project = new Properties();
    project.setProperty("buildgate.ci.branch", "from-pom");
    project.setProperty("buildgate.ci.tag", "v1.0.0");
    project.setProperty("project.build.sourceEncoding", "UTF-8");
    Map<String, String> user = Map.of("buildgate.ci.branch", "from-cli");

    assertThat(CiDetector.overrides(project, user))
        .containsExactly(
            Map.entry("buildgate.ci.branch", "from-cli"), Map.entry("buildgate.ci.tag", "v1.0.0"));
  }

  @Test
  void nonNumericPullRequestVariableIsAClearErrorUnlessOverridden() {
    Map<String, String> env =
        Map.of("JENKINS_URL", "http://j/", "CHANGE_ID", "I8a7b", "CHANGE_BRANCH", "topic");
    assertThatThrownBy(() -> CiDetector.detect(env, Map.of(), tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "CI variable CHANGE_ID='I8a7b' is not a pull request number: set"
                + " buildgate.ci.pullRequest=<number> (or buildgate.ci.event=push)");
    assertThat(CiDetector.detect(env, Map.of("buildgate.ci.pullRequest", "8"), tmp).pullRequest())
        .isEqualTo(8);
    assertThat(CiDetector.detect(env, Map.of("buildgate.ci.event", "push"), tmp).event())
        .isEqualTo(CiEvent.PUSH);
  }
}
