package dev.buildgate.core.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityTest {

  @ParameterizedTest
  @CsvSource({
    "INFO, INFO",
    "info, INFO",
    "note, INFO",
    "none, INFO",
    "UNKNOWN, INFO",
    "low, LOW",
    "Medium, MEDIUM",
    "warning, MEDIUM",
    "moderate, MEDIUM",
    "HIGH, HIGH",
    "error, HIGH",
    "' critical ', CRITICAL",
  })
  void parse(String text, Severity expected) {
    assertThat(Severity.parse(text)).isEqualTo(expected);
  }

  @Test
  void parseRejectsUnknownAndBlank() {
    assertThatThrownBy(() -> Severity.parse("severe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'severe'")
        .hasMessageContaining("INFO, LOW, MEDIUM, HIGH, CRITICAL");
    assertThatThrownBy(() -> Severity.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Severity.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void orderingAndAtLeast() {
    assertThat(Severity.values())
        .containsExactly(
            Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL);
    assertThat(Severity.HIGH.atLeast(Severity.MEDIUM)).isTrue();
    assertThat(Severity.HIGH.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
    assertThat(Severity.CRITICAL.atLeast(Severity.INFO)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "INFO, note, 0.0",
    "LOW, warning, 3.0",
    "MEDIUM, warning, 5.0",
    "HIGH, error, 7.0",
    "CRITICAL, error, 9.0"
  })
  void sarifLevelAndSecuritySeverity(Severity s, String level, double score) {
    assertThat(s.sarifLevel()).isEqualTo(level);
    assertThat(s.securitySeverity()).isEqualTo(score);
  }
}
