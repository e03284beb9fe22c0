package dev.buildgate.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  private static Duration p(String text) {
    return Durations.parse("<timeout>", text);
  }

  @Test
  void numberWithUnit() {
    assertThat(p("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(p("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(p("300s")).isEqualTo(Duration.ofSeconds(300));
    assertThat(p("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(p("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(p(" 10 M ")).isEqualTo(Duration.ofMinutes(10));
    assertThat(p("2H")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void fractionsAndCompounds() {
    assertThat(p("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(p("0.1s")).isEqualTo(Duration.ofMillis(100));
    assertThat(p("0.5m")).isEqualTo(Duration.ofSeconds(30));
    assertThat(p("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(p("1m 30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(p("1m30s500ms")).isEqualTo(Duration.ofMillis(90_500));
  }

  @Test
  void plainNumberIsSeconds() {
    assertThat(p("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(p("2.5")).isEqualTo(Duration.ofMillis(2500));
    assertThat(p("0")).isZero();
  }

  @Test
  void iso8601() {
    assertThat(p("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(p("pt5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(p("P1DT2H")).isEqualTo(Duration.ofHours(26));
  }

  @Test
  void errorsAreOneLineNamingFieldValueAndForms() {
    assertThatThrownBy(() -> Durations.parse("<readinessTimeout>", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "<readinessTimeout> 'soon' is not a duration: use e.g. 500ms, 30s, 5m, 1h30m or PT5M"
                + " (a plain number is seconds)");
    for (String bad :
        new String[] {"5 minutes", "1h30", "-5s", "PT-5S", "5x", "s", "1..5s", "PTX", "+5s"}) {
      assertThatThrownBy(() -> p(bad))
          .as(bad)
          .hasMessageStartingWith("<timeout> '" + bad.trim() + "' is not a duration: use e.g.")
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(() -> p(" ")).hasMessage("<timeout> is empty: " + Durations.ACCEPTED_FORMS);
    assertThatThrownBy(() -> p(null)).hasMessageStartingWith("<timeout> is empty");
    assertThatThrownBy(() -> p("99999999999999h")).hasMessageContaining("is not a duration");
  }

  @Test
  void positiveRejectsZero() {
    assertThat(Durations.parsePositive("<scanTimeout>", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Durations.parsePositive("<scanTimeout>", "0s"))
        .hasMessage("<scanTimeout> '0s' must be longer than zero: " + Durations.ACCEPTED_FORMS);
    assertThatThrownBy(() -> Durations.parsePositive("<scanTimeout>", "PT0S"))
        .hasMessageContaining("must be longer than zero");
  }
}
