package dev.buildgate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GlobsTest {

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
