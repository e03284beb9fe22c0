package dev.buildgate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobsTest {

  private static boolean m(String glob, String path) {
    return Globs.compile(glob).matcher(path).matches();
  }

  @Test
  void directoryPatternsMatchEverythingBelow() {
    assertThat(m("tests/", "tests/test_a.py")).isTrue();
    assertThat(m("tests", "tests/unit/test_a.py")).isTrue();
    assertThat(m("./tests/", "tests/test_a.py")).isTrue();
    assertThat(m("tests/**", "tests/unit/test_a.py")).isTrue();
    assertThat(m("tests/", "app/tests_helper.py")).isFalse();
    assertThat(m("tests/", "testsuite/a.py")).isFalse();
  }

  @Test
  void starsAndQuestionMarks() {
    assertThat(m("**/migrations/*.py", "app/db/migrations/0001.py")).isTrue();
    assertThat(m("**/migrations/*.py", "migrations/0001.py")).isTrue();
    assertThat(m("app/*.py", "app/sub/x.py")).isFalse();
    assertThat(m("app/gen?.py", "app/gen1.py")).isTrue();
    assertThat(m("app/generated.py", "app/generated.py")).isTrue();
    assertThat(m("app.py", "appxpy")).isFalse();
  }

  @Test
  void toolForms() {
    assertThat(Pattern.compile(Globs.toMypyRegex("tests/")).matcher("tests/test_a.py").find())
        .isTrue();
    assertThat(Pattern.compile(Globs.toMypyRegex("tests/")).matcher("./tests/test_a.py").find())
        .isTrue();
    assertThat(Pattern.compile(Globs.toMypyRegex("tests/")).matcher("app/tests.py").find())
        .isFalse();
    assertThat(Globs.toBanditExcludes("tests/**")).containsExactly("./tests/**", "tests/**");
    assertThat(Globs.toBanditExcludes("./tests/")).containsExactly("./tests", "tests");
  }
}
