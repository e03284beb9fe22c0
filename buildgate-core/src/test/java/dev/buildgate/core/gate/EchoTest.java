package dev.buildgate.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoTest {

  @Test
  void firstLineCutToLength() {
    assertThat(Echo.of("  short  ", 10)).isEqualTo("short");
    assertThat(Echo.of("0123456789abc", 10)).isEqualTo("0123456789...");
    assertThat(Echo.of("first\nsecond", 10)).isEqualTo("first");
    assertThat(Echo.of("first\r\nsecond", 10)).isEqualTo("first");
    assertThat(Echo.of("\n  0123456789abc\nsecond", 10)).isEqualTo("0123456789...");
    assertThat(Echo.of("only\n", 10)).isEqualTo("only");
    assertThat(Echo.of(null, 10)).isEmpty();
  }

  @Test
  void listNamesTheFirstItemsAndCountsTheRest() {
    assertThat(Echo.list(List.of("a", "b"))).isEqualTo("a, b");
    assertThat(Echo.list(List.of())).isEmpty();
    String many = Echo.list(Collections.nCopies(25, "x".repeat(500) + "\ny"));
    assertThat(many)
        .endsWith(", and 15 more")
        .hasSizeLessThan(Echo.MAX_ITEMS * (Echo.MAX_ITEM_CHARS + 5) + 20)
        .doesNotContain("\n", "y");
  }
}
