package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFilesTest {

  @TempDir Path dir;

  @Test
  void roundTripsUtf8IntoANewDirectoryAndLeavesNoTempFile() throws Exception {
    Path f = dir.resolve("state/marker.properties");
    Properties p = new Properties();
    p.setProperty("reason", "café ünchanged");
    PropertiesFiles.write(f, p, "test");
    assertThat(Files.readString(f, StandardCharsets.UTF_8)).contains("café ünchanged");
    assertThat(PropertiesFiles.read(f)).isEqualTo(p);
    try (var files = Files.list(f.getParent())) {
      assertThat(files).containsExactly(f);
    }
  }

  @Test
  void missingOrGarbledIsNull() throws Exception {
    assertThat(PropertiesFiles.read(dir.resolve("none"))).isNull();
    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "key=\\u12\n");
    assertThat(PropertiesFiles.read(bad)).isNull();
  }
}
