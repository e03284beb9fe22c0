package dev.buildgate.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.gate.GateCannotRunException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The docs goals' time parameters are durations (DESIGN-NOTES "Names for the long term"). */
class DocsDurationsTest {
  private static final String FIELD = "<openapiTimeout> (buildgate.docs.openapi.timeout)";

  @Test
  void aNumberWithoutUnitIsSecondsAndUnitsAreRead() throws Exception {
    assertThat(DocsDurations.parse(FIELD, "30", true)).isEqualTo(Duration.ofSeconds(30));
    assertThat(DocsDurations.parse(FIELD, "10m", true)).isEqualTo(Duration.ofMinutes(10));
    assertThat(DocsDurations.parse(FIELD, "500ms", false)).isEqualTo(Duration.ofMillis(500));
    assertThat(DocsDurations.parse(FIELD, "0s", false)).isZero();
  }

  @Test
  void aBadValueIsOneLineNamingTheParameterAndItsProperty() {
    assertThatThrownBy(() -> DocsDurations.parse(FIELD, "2000 millis", true))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageStartingWith(FIELD + " '2000 millis' is not a duration: use e.g.");
    assertThatThrownBy(() -> DocsDurations.parse(FIELD, "0", true))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageContaining("must be longer than zero");
  }
}
