package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void writesAndReplacesCreatingTheDirectory() throws Exception {
    Path f = dir.resolve("a/b/state.txt");
    AtomicFiles.writeString(f, "one\n");
    AtomicFiles.writeString(f, "two\n");
    assertThat(Files.readString(f)).isEqualTo("two\n");
    assertThat(filesIn(f.getParent())).isEqualTo(1); // no temporary file left
  }

  @Test
  void aFailedWriteLeavesTheTargetAndNoTemporaryFile() throws Exception {
    Path f = dir.resolve("state.txt");
    AtomicFiles.writeString(f, "kept\n");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write("half".getBytes());
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("kept\n");
    assertThat(filesIn(dir)).isEqualTo(1);
  }
}
