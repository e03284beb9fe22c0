package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

  @Test
  void doubleStarMatchesAnyDepthIncludingNone() {
    Glob g = new Glob("**/*.py");
    assertThat(g.matches("a.py")).isTrue();
    assertThat(g.matches("src/a.py")).isTrue();
    assertThat(g.matches("src/pkg/deep/a.py")).isTrue();
    assertThat(g.matches("src/a.pyc")).isFalse();
    assertThat(g.matches("src/a_py")).isFalse();
  }

  @Test
  void singleStarStaysInOneSegment() {
    Glob g = new Glob("src/*.py");
    assertThat(g.matches("src/a.py")).isTrue();
    assertThat(g.matches("src/pkg/a.py")).isFalse();
    assertThat(g.matches("a.py")).isFalse();
  }

  @Test
  void middleDoubleStarAndQuestionMark() {
    Glob g = new Glob("src/**/test_?.py");
    assertThat(g.matches("src/test_a.py")).isTrue();
    assertThat(g.matches("src/x/y/test_b.py")).isTrue();
    assertThat(g.matches("src/x/test_ab.py")).isFalse();
  }

  @Test
  void trailingSlashAndLeadingDotSlashAreNormalised() {
    assertThat(new Glob("build/").matches("build/x/y.txt")).isTrue();
    assertThat(new Glob("./pyproject.toml").matches("pyproject.toml")).isTrue();
    assertThat(new Glob("a+b(1).txt").matches("a+b(1).txt")).isTrue();
    assertThat(new Glob("a+b(1).txt").matches("aab(1)xtxt")).isFalse();
  }

  @Test
  void wholeDirectoryExcludes() {
    assertThat(new Glob("**/node_modules/**").matchesWholeDirectory("web/node_modules")).isTrue();
    assertThat(new Glob("**/node_modules/**").matchesWholeDirectory("node_modules")).isTrue();
    assertThat(new Glob("**/node_modules/**").matchesWholeDirectory("web/node_modules_x"))
        .isFalse();
    assertThat(new Glob(".venv/**").matchesWholeDirectory(".venv")).isTrue();
    assertThat(new Glob("**/*.pyc").matchesWholeDirectory("src")).isFalse();
    assertThat(new Glob("**").matchesWholeDirectory("anything")).isTrue();
  }

  private static boolean below(String glob, String path) {
    return Glob.orBelow(glob).matches(path);
  }

  @Test
  void orBelowMatchesThePathAndEverythingBelowIt() {
    assertThat(below("tests/", "tests/test_a.py")).isTrue();
    assertThat(below("tests", "tests/unit/test_a.py")).isTrue();
    assertThat(below("tests", "tests")).isTrue();
    assertThat(below("./tests/", "tests/test_a.py")).isTrue();
    assertThat(below("tests/**", "tests/unit/test_a.py")).isTrue();
    assertThat(below("tests/", "app/tests_helper.py")).isFalse();
    assertThat(below("tests/", "testsuite/a.py")).isFalse();
    assertThat(below("**/migrations/*.py", "app/db/migrations/0001.py")).isTrue();
    assertThat(below("**/migrations/*.py", "migrations/0001.py")).isTrue();
    assertThat(below("app/*.py", "app/sub/x.py")).isFalse();
    assertThat(below("app/gen?.py", "app/gen1.py")).isTrue();
    assertThat(below("app.py", "appxpy")).isFalse();
    assertThat(Glob.orBelow("tests").matchesWholeDirectory("tests")).isTrue();
    assertThat(Glob.orBelow("tests").matchesWholeDirectory("testsuite")).isFalse();
  }
}
