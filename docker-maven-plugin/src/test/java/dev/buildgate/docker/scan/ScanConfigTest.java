package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScanConfigTest {

  @Test
  void severities() {
    assertThat(ScanPolicy.parseSeverities("critical, HIGH"))
        .containsExactlyInAnyOrder(VulnSeverity.CRITICAL, VulnSeverity.HIGH);
    assertThatThrownBy(() -> ScanPolicy.parseSeverities("HIGH,SEVERE"))
        .hasMessage("unknown severity 'SEVERE': use UNKNOWN, LOW, MEDIUM, HIGH or CRITICAL");
    assertThat(ScanPolicy.DEFAULT.describe()).isEqualTo("fixable CRITICAL/HIGH");
  }
}
