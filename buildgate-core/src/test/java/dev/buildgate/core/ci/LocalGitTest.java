package dev.buildgate.core.ci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalGitTest {

  @TempDir Path tmp;

  @Test
  void readsBranchAndShaOfLooseRefs() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.branch()).isEqualTo("main");
    assertThat(git.headSha()).isEqualTo(sha).hasSize(40);
    assertThat(git.workTree()).isEqualTo(repo.dir.toAbsolutePath());
  }

  @Test
  void walksUpFromASubdirectory() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    Path sub = Files.createDirectories(repo.dir.resolve("backend/app"));

    LocalGit git = LocalGit.find(sub).orElseThrow();
    assertThat(git.headSha()).isEqualTo(sha);
  }

  @Test
  void branchWithSlashes() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    repo.commit("a.txt", "a");
    repo.git("checkout", "-q", "-b", "feature/JIRA-1_x");
    String sha = repo.commit("b.txt", "b");

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.branch()).isEqualTo("feature/JIRA-1_x");
    assertThat(git.headSha()).isEqualTo(sha);
  }

  @Test
  void detachedHeadHasNoBranchButASha() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String first = repo.commit("a.txt", "a");
    repo.commit("a.txt", "b");
    repo.git("checkout", "-q", "--detach", first);

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.branch()).isNull();
    assertThat(git.headSha()).isEqualTo(first);
  }

  @Test
  void packedRefsAreRead() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    repo.git("tag", "-a", "v1.0.0", "-m", "release");
    repo.git("pack-refs", "--all");
    assertThat(repo.dir.resolve(".git/refs/heads/main")).doesNotExist();
    assertThat(Files.readString(repo.dir.resolve(".git/packed-refs"))).contains("refs/heads/main");

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.branch()).isEqualTo("main");
    assertThat(git.headSha()).isEqualTo(sha);
    assertThat(git.resolveRef("refs/heads/main")).isEqualTo(sha);
    assertThat(git.resolveRef("refs/heads/missing")).isNull();
  }

  @Test
  void looseRefWinsOverAStalePackedRef() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    repo.commit("a.txt", "a");
    repo.git("pack-refs", "--all");
    String newer = repo.commit("a.txt", "b");

    assertThat(LocalGit.find(repo.dir).orElseThrow().headSha()).isEqualTo(newer);
  }

  @Test
  void linkedWorktreeUsesItsOwnHeadAndTheSharedRefs() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    repo.commit("a.txt", "a");
    repo.git("branch", "topic");
    repo.git("pack-refs", "--all");
    Path wt = tmp.resolve("wt");
    repo.git("worktree", "add", "-q", wt.toString(), "topic");
    assertThat(wt.resolve(".git")).isRegularFile();
    GitRepo worktree = new GitRepo(wt);
    String sha = worktree.commit("w.txt", "w");

    LocalGit git = LocalGit.find(wt).orElseThrow();
    assertThat(git.branch()).isEqualTo("topic");
    assertThat(git.headSha()).isEqualTo(sha);
    assertThat(LocalGit.find(repo.dir).orElseThrow().branch()).isEqualTo("main");
  }

  @Test
  void unbornBranchHasBranchButNoSha() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "trunk");

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.branch()).isEqualTo("trunk");
    assertThat(git.headSha()).isNull();
  }

  @Test
  void originUrlAndDefaultBranch() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    repo.git("remote", "add", "origin", "git@github.com:My-Org/Shop.git");
    repo.git("update-ref", "refs/remotes/origin/develop", sha);
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/develop");

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.originUrl()).isEqualTo("git@github.com:My-Org/Shop.git");
    assertThat(git.originDefaultBranch()).isEqualTo("develop");
  }

  @Test
  void notARepository() {
    assertThat(LocalGit.find(tmp)).isEmpty();
    assertThat(LocalGit.find(null)).isEmpty();
  }

  @Test
  void brokenGitFileIsAClearError() throws Exception {
    Files.writeString(tmp.resolve(".git"), "garbage\n");
    assertThatThrownBy(() -> LocalGit.find(tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tmp.resolve(".git").toString())
        .hasMessageContaining("gitdir:");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "https://github.com/owner/repo.git, owner/repo",
        "https://github.com/owner/repo, owner/repo",
        "https://user:token@github.com/owner/repo.git, owner/repo",
        "git@github.com:owner/repo.git, owner/repo",
        "ssh://git@gitlab.example.com:2222/group/sub/repo.git, group/sub/repo",
        "git@bitbucket.org:team/repo, team/repo",
        "https://dev.azure.com/org/project/_git/repo, org/project/repo",
        "https://example.com/repo.git, NULL",
        "'', NULL",
      })
  void repositoryPathOfRemoteUrls(String url, String expected) {
    assertThat(LocalGit.repositoryPath(url)).isEqualTo(expected);
  }

  @Test
  void detectorUsesLocalGit() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    repo.git("remote", "add", "origin", "https://github.com/Acme/Widget.git");

    CiContext ctx = CiDetector.detect(Map.of(), Map.of(), repo.dir);
    assertThat(ctx.provider()).isEqualTo("local");
    assertThat(ctx.event()).isEqualTo(CiEvent.LOCAL);
    assertThat(ctx.branch()).isEqualTo("main");
    assertThat(ctx.sha()).isEqualTo(sha);
    assertThat(ctx.defaultBranch()).isEqualTo("main");
    assertThat(ctx.onDefaultBranch()).isTrue();
    assertThat(ctx.repository()).isEqualTo("Acme/Widget");
    assertThat(ctx.owner()).isEqualTo("Acme");
    assertThat(ctx.runId()).isNull();
    assertThat(TagScheme.tags(ctx)).containsExactly("main", "sha-" + sha.substring(0, 7), "latest");
  }

  @Test
  void detectorOnDetachedHeadUsesTheSha() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String first = repo.commit("a.txt", "a");
    repo.commit("a.txt", "b");
    repo.git("checkout", "-q", "--detach", first);
    repo.git("pack-refs", "--all");

    CiContext ctx = CiDetector.detect(Map.of(), Map.of(), repo.dir.resolve("."));
    assertThat(ctx.branch()).isNull();
    assertThat(ctx.sha()).isEqualTo(first);
    assertThat(ctx.onDefaultBranch()).isFalse();
    assertThat(TagScheme.tags(ctx)).containsExactly("sha-" + first.substring(0, 7));
  }

  @Test
  void providerLocalOverrideIgnoresTheCiEnvironment() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    repo.commit("a.txt", "a");
    repo.git("checkout", "-q", "-b", "feat/local");
    String sha = repo.commit("b.txt", "b");

    Map<String, String> env =
        Map.of("GITHUB_ACTIONS", "true", "GITHUB_REF", "refs/heads/other", "GITHUB_SHA", "abc");
    CiContext ctx = CiDetector.detect(env, Map.of("buildgate.ci.provider", "local"), repo.dir);
    assertThat(ctx.provider()).isEqualTo("local");
    assertThat(ctx.event()).isEqualTo(CiEvent.LOCAL);
    assertThat(ctx.branch()).isEqualTo("feat/local");
    assertThat(ctx.sha()).isEqualTo(sha);
  }

  @Test
  void ciWithoutShaFallsBackToTheCheckout() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");

    Map<String, String> env =
        Map.of("BUILDKITE", "true", "BUILDKITE_BRANCH", "main", "BUILDKITE_COMMIT", "HEAD");
    CiContext ctx = CiDetector.detect(env, Map.of(), repo.dir);
    assertThat(ctx.provider()).isEqualTo("buildkite");
    assertThat(ctx.sha()).isEqualTo(sha);
  }

  @Test
  void tagsAtHeadLightweightAndAnnotatedLooseAndPacked() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String first = repo.commit("a.txt", "a");
    repo.git("tag", "old", first);
    String sha = repo.commit("a.txt", "b");
    repo.git("tag", "light");
    repo.git("tag", "-a", "v1.2.3", "-m", "annotated");
    repo.git("tag", "-a", "release/x", "-m", "nested");

    LocalGit git = LocalGit.find(repo.dir).orElseThrow();
    assertThat(git.resolveRef("refs/tags/v1.2.3"))
        .as("tag object, not the commit")
        .isNotEqualTo(sha);
    assertThat(git.tagsAt(sha)).containsExactly("light", "release/x", "v1.2.3");
    assertThat(git.tagsAt(first)).containsExactly("old");

    repo.git("pack-refs", "--all");
    repo.git("gc", "-q");
    assertThat(repo.dir.resolve(".git/refs/tags/v1.2.3")).doesNotExist();
    assertThat(LocalGit.find(repo.dir).orElseThrow().tagsAt(sha))
        .containsExactly("light", "release/x", "v1.2.3");
  }

  @Test
  void detectorPicksTheHighestVersionTagAtHead() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    repo.git("tag", "-a", "v1.10.0", "-m", "x");
    repo.git("tag", "v1.9.9");
    repo.git("tag", "nightly");

    CiContext ctx = CiDetector.detect(Map.of(), Map.of(), repo.dir);
    assertThat(ctx.event()).isEqualTo(CiEvent.LOCAL);
    assertThat(ctx.tag()).isEqualTo("v1.10.0");
    assertThat(TagScheme.tags(ctx))
        .containsExactly("main", "1.10.0", "1.10", "sha-" + sha.substring(0, 7), "latest");
  }

  @Test
  void ciProviderWithoutRepositoryInfoFallsBackToTheCheckout() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    repo.git("remote", "add", "origin", "https://git.example.com/team/app.git");
    repo.git("update-ref", "refs/remotes/origin/trunk", sha);
    repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk");

    Map<String, String> env = Map.of("JENKINS_URL", "http://j/", "BRANCH_NAME", "trunk");
    CiContext ctx = CiDetector.detect(env, Map.of(), repo.dir);
    assertThat(ctx.provider()).isEqualTo("jenkins");
    assertThat(ctx.event()).isEqualTo(CiEvent.PUSH);
    assertThat(ctx.sha()).isEqualTo(sha);
    assertThat(ctx.defaultBranch()).isEqualTo("trunk");
    assertThat(ctx.repository()).isEqualTo("team/app");
    assertThat(ctx.owner()).isEqualTo("team");
    assertThat(ctx.onDefaultBranch()).isTrue();
  }

  @Test
  void gitFileWithRelativeGitdirAsInSubmodules() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    Files.move(repo.dir.resolve(".git"), tmp.resolve("store.git"));
    Files.writeString(repo.dir.resolve(".git"), "gitdir: ../store.git\n");

    LocalGit git = LocalGit.find(repo.dir.resolve(".")).orElseThrow();
    assertThat(git.gitDir()).isEqualTo(tmp.resolve("store.git").toAbsolutePath());
    assertThat(git.branch()).isEqualTo("main");
    assertThat(git.headSha()).isEqualTo(sha);
    assertThat(new GitRepo(repo.dir).git("rev-parse", "HEAD")).isEqualTo(sha);
  }
}
