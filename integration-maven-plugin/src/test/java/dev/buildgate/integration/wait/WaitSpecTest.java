package dev.buildgate.integration.wait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.integration.IntegrationConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitSpecTest {
  @Test
  void theBuilderMakesEachKind() throws Exception {
    WaitSpec http = WaitSpec.builder("w").http(" https://x:1/h ").status("204").body("ok").build();
    assertThat(http.kind()).isEqualTo(WaitSpec.Kind.HTTP);
    assertThat(http.target()).isEqualTo("https://x:1/h");
    assertThat(http.statusMin()).isEqualTo(204);
    assertThat(http.statusMax()).isEqualTo(204);
    assertThat(http.maxPollInterval()).isEqualTo(WaitSpec.NETWORK_POLL_CAP);
    WaitSpec log = WaitSpec.builder("w").log("kafka").pattern("started").build();
    assertThat(log.service()).isEqualTo("kafka");
    assertThat(
            WaitSpec.builder("w").healthy("db").maxPollInterval("500ms").build().maxPollInterval())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theBuilderSaysWhatIsWrongInOneLine() {
    assertThatThrownBy(() -> WaitSpec.builder("<waits>: wait #2").tcp("a:1").exited("b").build())
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessage(
            "<waits>: wait #2 must set exactly one of <http>, <tcp>, <healthy>, <exited>, <log>.");
    assertThatThrownBy(() -> WaitSpec.builder("w").http("http://x/").status("399-200").build())
        .hasMessage("w: <status> range 399-200 is empty.");
    assertThatThrownBy(() -> WaitSpec.builder("w").log("svc").build())
        .hasMessage("w (<log>) needs a <pattern> regex.");
    assertThatThrownBy(() -> WaitSpec.builder("w").http("http://x/").body("(").build())
        .hasMessageStartingWith("w: '(' is not a valid regex: ");
    assertThatThrownBy(() -> WaitSpec.builder("w").tcp("a:1").maxPollInterval("soon").build())
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("<maxPollInterval>");
  }
}
