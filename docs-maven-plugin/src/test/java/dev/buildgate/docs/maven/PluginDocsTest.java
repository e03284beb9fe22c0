package dev.buildgate.docs.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.maven.PluginDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The generated plugin descriptor and the hand-written guides agree (see {@link PluginDocs}). */
class PluginDocsTest {
  @Test
  void everyParameterIsDescribedAndEveryDocumentedNameExists() throws Exception {
    assertThat(PluginDocs.problems(Path.of("").toAbsolutePath(), "docs", "USAGE.md")).isEmpty();
  }
}
