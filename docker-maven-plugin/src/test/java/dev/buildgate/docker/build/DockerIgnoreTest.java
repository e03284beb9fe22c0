package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {

  private static DockerIgnore of(String... lines) {
    return DockerIgnore.parse(List.of(lines));
  }

  @Test
  void singleStarStaysInItsDirectory() {
    DockerIgnore i = of("*.log");
    assertThat(i.excluded("a.log")).isTrue();
    assertThat(i.excluded("dir/a.log")).isFalse();
  }

  @Test
  void doubleStarCrossesDirectories() {
    DockerIgnore i = of("**/*.log");
    assertThat(i.excluded("a.log")).isTrue();
    assertThat(i.excluded("dir/sub/a.log")).isTrue();
    assertThat(i.excluded("dir/sub/a.txt")).isFalse();
    assertThat(of("dir/**").excluded("dir/a/b/c")).isTrue();
    assertThat(of("**").excluded("anything/at/all")).isTrue();
  }

  @Test
  void aMatchingParentDirectoryExcludesEverythingBelow() {
    DockerIgnore i = of("build");
    assertThat(i.excluded("build")).isTrue();
    assertThat(i.excluded("build/x/y.txt")).isTrue();
    assertThat(i.excluded("builder/y.txt")).isFalse();
  }

  @Test
  void exceptionsReincludeAndTheLastMatchWins() {
    DockerIgnore i = of("*.md", "!README*.md", "README-secret.md");
    assertThat(i.excluded("CHANGES.md")).isTrue();
    assertThat(i.excluded("README.md")).isFalse();
    assertThat(i.excluded("README-secret.md")).isTrue();
  }

  @Test
  void exceptionInsideAnExcludedDirectory() {
    DockerIgnore i = of("build", "!build/keep.txt");
    assertThat(i.excluded("build/other.txt")).isTrue();
    assertThat(i.excluded("build/keep.txt")).isFalse();
    assertThat(i.mayIncludeBelow("build")).isTrue();
    assertThat(of("build").mayIncludeBelow("build")).isFalse();
    // Docker only walks into an excluded dir when an exception pattern starts with it
    assertThat(of("build", "!**/keep.txt").mayIncludeBelow("build")).isFalse();
  }

  @Test
  void commentsBlanksLeadingSlashAndCleaning() {
    DockerIgnore i = of("# secret.txt", "", "   ", "/secret.txt", "  spaced.txt  ", "./a/../b.txt");
    assertThat(i.excluded("secret.txt")).isTrue();
    assertThat(i.excluded("spaced.txt")).isTrue();
    assertThat(i.excluded("b.txt")).isTrue();
    assertThat(i.excluded("# secret.txt")).isFalse();
    assertThat(of("# secret.txt").isEmpty()).isTrue();
  }

  @Test
  void questionMarkAndCharacterClasses() {
    assertThat(of("?.txt").excluded("a.txt")).isTrue();
    assertThat(of("?.txt").excluded("ab.txt")).isFalse();
    assertThat(of("[ab].txt").excluded("b.txt")).isTrue();
    assertThat(of("[!ab].txt").excluded("b.txt")).isFalse();
    assertThat(of("[!ab].txt").excluded("c.txt")).isTrue();
    assertThat(of("dir/*/x").excluded("dir/a/x")).isTrue();
    assertThat(of("dir/*/x").excluded("dir/a/b/x")).isFalse();
  }

  @Test
  void regexCharactersAreLiteral() {
    assertThat(of("a+b(1).txt").excluded("a+b(1).txt")).isTrue();
    assertThat(of("a.txt").excluded("abtxt")).isFalse();
  }

  @Test
  void keepingAlwaysSendsTheDockerfileAndDockerignore() {
    DockerIgnore i = of("*", "!src").keeping(List.of(".dockerignore", "Dockerfile"));
    assertThat(i.excluded("Dockerfile")).isFalse();
    assertThat(i.excluded(".dockerignore")).isFalse();
    assertThat(i.excluded("other.txt")).isTrue();
    assertThat(i.excluded("src/main.py")).isFalse();
  }

  @Test
  void keptPathsAreLiteralAndBadPatternsAreOneLineErrors() {
    DockerIgnore i = of("*").keeping(List.of("Dockerfile[1", "a*b"));
    assertThat(i.excluded("Dockerfile[1")).isFalse();
    assertThat(i.excluded("a*b")).isFalse();
    assertThat(i.excluded("axb")).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> of("[z-a]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'[z-a]' is not a valid pattern (")
        .hasMessageNotContaining("\n");
  }
}
