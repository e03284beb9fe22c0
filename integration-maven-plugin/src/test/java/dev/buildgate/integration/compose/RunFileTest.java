package dev.buildgate.integration.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunFileTest {
  @Test
  void builtImagesGetOneStableNamePerProjectAndService() {
    assertThat(RunFile.builtImageName("dev.buildgate:My_App", "web"))
        .isEqualTo("dev-buildgate-my-app-web:buildgate-ci");
  }
}
