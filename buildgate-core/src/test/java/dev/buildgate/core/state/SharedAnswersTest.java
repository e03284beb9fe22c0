package dev.buildgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedAnswersTest {

  @Test
  void aNullAnswerIsNotKeptAndBeyondCapacityNothingIs() {
    SharedAnswers<String, String> answers = new SharedAnswers<>(1);
    AtomicInteger asked = new AtomicInteger();
    assertThat(answers.get("a", () -> null)).isNull();
    assertThat(answers.get("a", () -> "a" + asked.incrementAndGet())).isEqualTo("a1");
    assertThat(answers.get("a", () -> "a" + asked.incrementAndGet())).isEqualTo("a1");
    // full: asked every time
    assertThat(answers.get("b", () -> "b" + asked.incrementAndGet())).isEqualTo("b2");
    assertThat(answers.get("b", () -> "b" + asked.incrementAndGet())).isEqualTo("b3");
  }

  @Test
  void retainForgetsTheOtherKeys() {
    SharedAnswers<String, String> answers = new SharedAnswers<>(8);
    AtomicInteger asked = new AtomicInteger();
    answers.get("build-1", () -> "x" + asked.incrementAndGet());
    answers.get("build-2", () -> "x" + asked.incrementAndGet());
    answers.retain("build-2"::equals);
    assertThat(answers.get("build-1", () -> "x" + asked.incrementAndGet())).isEqualTo("x3");
    assertThat(answers.get("build-2", () -> "x" + asked.incrementAndGet())).isEqualTo("x2");
  }
}
