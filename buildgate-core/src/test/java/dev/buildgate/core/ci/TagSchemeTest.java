package dev.buildgate.core.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TagSchemeTest {

  static final String SHA = "ABCDEF0123456789abcdef0123456789abcdef01";

  static CiContext ctx(CiEvent event, String branch, Integer pr, String tag, String sha) {
    return new CiContext("github", event, branch, "main", pr, tag, sha, "1", "o", "o/r");
  }

  static Stream<Arguments> tagCases() {
    return Stream.of(
        Arguments.of(
            "push to default branch",
            ctx(CiEvent.PUSH, "main", null, null, SHA),
            List.of("main", "sha-abcdef0", "latest")),
        Arguments.of(
            "push to feature branch",
            ctx(CiEvent.PUSH, "feature/a b", null, null, SHA),
            List.of("feature-a-b", "sha-abcdef0")),
        Arguments.of(
            "pull request from default-named branch gets no latest",
            ctx(CiEvent.PULL_REQUEST, "main", 5, null, SHA),
            List.of("pr-5", "sha-abcdef0")),
        Arguments.of(
            "release tag",
            ctx(CiEvent.TAG, null, null, "v1.2.3", SHA),
            List.of("1.2.3", "1.2", "sha-abcdef0")),
        Arguments.of(
            "release tag without v",
            ctx(CiEvent.TAG, null, null, "10.0.1", null),
            List.of("10.0.1", "10.0")),
        Arguments.of(
            "pre-release tag gives only itself",
            ctx(CiEvent.TAG, null, null, "v1.2.3-rc.1", SHA),
            List.of("1.2.3-rc.1", "sha-abcdef0")),
        Arguments.of(
            "build metadata: '+' is not allowed in Docker tags",
            ctx(CiEvent.TAG, null, null, "v1.2.3+build.5", null),
            List.of("1.2.3-build.5")),
        Arguments.of(
            "non-semver tag gives itself sanitised",
            ctx(CiEvent.TAG, null, null, "release/2024", null),
            List.of("release-2024")),
        Arguments.of(
            "tag on the default branch (manual run) keeps every tag",
            ctx(CiEvent.MANUAL, "main", null, "v3.0.0", SHA),
            List.of("main", "3.0.0", "3.0", "sha-abcdef0", "latest")),
        Arguments.of(
            "branch named latest is deduplicated",
            new CiContext(
                "local", CiEvent.LOCAL, "latest", "latest", null, null, null, null, null, null),
            List.of("latest")),
        Arguments.of(
            "branch that sanitises to nothing is skipped",
            ctx(CiEvent.PUSH, "///", null, null, SHA),
            List.of("sha-abcdef0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tagCases")
  void tags(String name, CiContext ctx, List<String> expected) {
    assertThat(TagScheme.tags(ctx)).containsExactlyElementsOf(expected);
    assertThat(TagScheme.tags(ctx)).allMatch(t -> t.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"));
  }

  @ParameterizedTest
  @CsvSource({
    "main, main",
    "feature/login, feature-login",
    "Feature/JIRA-12_x.y, Feature-JIRA-12_x.y",
    "-leading-dash, leading-dash",
    ".hidden, hidden",
    "../up, up",
    "'a b:c@d#e', a-b-c-d-e",
    "über, ber",
  })
  void sanitize(String in, String out) {
    assertThat(TagScheme.sanitize(in)).isEqualTo(out);
  }

  @Test
  void sanitizeCutsTo128Characters() {
    String longName = "a".repeat(200);
    assertThat(TagScheme.sanitize(longName)).hasSize(128);
    assertThat(TagScheme.sanitize("-".repeat(10) + "b".repeat(130))).isEqualTo("b".repeat(128));
  }

  @Test
  void sanitizeRejectsNamesWithoutValidCharacters() {
    assertThatThrownBy(() -> TagScheme.sanitize("/./"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buildgate.ci.branch");
  }

  @Test
  void baseTag() {
    assertThat(TagScheme.baseTag(ctx(CiEvent.PULL_REQUEST, "x", 12, null, SHA))).isEqualTo("pr-12");
    assertThat(TagScheme.baseTag(ctx(CiEvent.PUSH, "x", null, null, SHA))).isEqualTo("latest");
    assertThat(TagScheme.baseTag(ctx(CiEvent.TAG, null, null, "v1.0.0", SHA))).isEqualTo("latest");
  }

  @Test
  void pullRequestWithoutNumberIsAClearError() {
    CiContext ctx = ctx(CiEvent.PULL_REQUEST, "x", null, null, SHA);
    assertThatThrownBy(() -> TagScheme.tags(ctx)).hasMessageContaining("buildgate.ci.pullRequest");
    assertThatThrownBy(() -> TagScheme.baseTag(ctx))
        .hasMessageContaining("buildgate.ci.pullRequest");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "ghcr.io, MyOrg, Shop, ghcr.io/myorg/shop",
        "ghcr.io/, /MyOrg/, Shop, ghcr.io/myorg/shop",
        "'', Acme, shop, acme/shop",
        "NULL, NULL, Shop, shop",
        "localhost:5000, '  ', Backend, localhost:5000/backend",
        "Registry.Example.com:443, Team/Sub, App, registry.example.com:443/team/sub/app",
        "NULL, NULL, NULL, ''",
      })
  void imagePrefix(String registry, String owner, String project, String expected) {
    assertThat(TagScheme.imagePrefix(registry, owner, project)).isEqualTo(expected);
  }

  @Test
  void contextHelpers() {
    CiContext ctx = ctx(CiEvent.PUSH, "main", null, null, SHA);
    assertThat(ctx.shortSha()).isEqualTo("ABCDEF0");
    assertThat(ctx.onDefaultBranch()).isTrue();
    assertThat(ctx.baseBranch()).isNull();
    assertThat(ctx.describe()).contains("github PUSH", "branch=main", "sha=ABCDEF0");
    assertThat(
            new CiContext("x", CiEvent.PUSH, "b", " ", null, null, "abc", null, null, null)
                .defaultBranch())
        .isEqualTo("main");
    assertThat(
            new CiContext("x", CiEvent.PUSH, "b", null, null, null, "abc", null, null, null)
                .shortSha())
        .isEqualTo("abc");
    assertThatThrownBy(
            () -> new CiContext("x", CiEvent.PUSH, null, null, 0, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new CiContext(" ", CiEvent.PUSH, null, null, null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"ghcr.io, my org, shop", "ghcr.io, acme, -shop", "ghcr.io, acme/, shop..x"})
  void imagePrefixRejectsInvalidNames(String registry, String owner, String project) {
    assertThatThrownBy(() -> TagScheme.imagePrefix(registry, owner, project))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid image name part")
        .hasMessageContaining("buildgate.imagePrefix");
  }
}
