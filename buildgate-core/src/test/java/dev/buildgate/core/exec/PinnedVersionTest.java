package dev.buildgate.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one pinned-version check of the quality analyzers, docker:scan and the tool resolver. */
class PinnedVersionTest {

  @Test
  void noPinAcceptsAnyVersion() {
    assertThat(PinnedVersion.accepts(null, "0.17.6")).isTrue();
    assertThat(PinnedVersion.accepts(" ", "0.17.6")).isTrue();
    assertThat(PinnedVersion.accepts(null, null)).isTrue();
  }

  @Test
  void thePinnedVersionOnly() {
    assertThat(PinnedVersion.accepts("0.17.6", "0.17.6")).isTrue();
    assertThat(PinnedVersion.accepts("0.17.6", "0.17.5")).isFalse();
    assertThat(PinnedVersion.accepts("0.17.6", "0.17.60")).isFalse();
    assertThat(PinnedVersion.accepts("0.17.6", null)).isFalse();
  }

  @Test
  void aLeadingVAndBlanksAreIgnored() {
    // Trivy prints v0.68.2 in some builds; a pin read from a property may carry blanks
    assertThat(PinnedVersion.accepts("0.68.2", "v0.68.2")).isTrue();
    assertThat(PinnedVersion.accepts(" v0.68.2 ", "0.68.2")).isTrue();
    assertThat(PinnedVersion.accepts("0.68.2", "v0.68.3")).isFalse();
  }
}
