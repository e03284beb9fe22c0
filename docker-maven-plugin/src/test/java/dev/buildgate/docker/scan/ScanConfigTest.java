package dev.buildgate.docker.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScanConfigTest {

  @Test
  void durations() {
    assertThat(ScanConfig.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ScanConfig.parseDuration("300s")).isEqualTo(Duration.ofSeconds(300));
    assertThat(ScanConfig.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ScanConfig.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ScanConfig.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> ScanConfig.parseDuration("5 minutes"))
        .hasMessageContaining("invalid timeout '5 minutes'");
    assertThatThrownBy(() -> ScanConfig.parseDuration("0s"))
        .hasMessageContaining("invalid timeout");
  }

  @Test
  void severities() {
    assertThat(ScanPolicy.parseSeverities("critical, HIGH"))
        .containsExactlyInAnyOrder(VulnSeverity.CRITICAL, VulnSeverity.HIGH);
    assertThatThrownBy(() -> ScanPolicy.parseSeverities("HIGH,SEVERE"))
        .hasMessage("unknown severity 'SEVERE': use UNKNOWN, LOW, MEDIUM, HIGH or CRITICAL");
    assertThat(ScanPolicy.DEFAULT.describe()).isEqualTo("fixable CRITICAL/HIGH");
  }
}
