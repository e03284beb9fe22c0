package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  @Test
  void aNewFileGetsTheUmasksModeLikeAPlainWriteNotOwnerOnly() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x"); // 0666 less the umask
    Path atomic = dir.resolve("summary.md");
    AtomicFiles.writeString(atomic, "x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)))
        .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
  }

  @Test
  void aReplacedFileKeepsItsMode() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path f = dir.resolve("baseline.json");
    AtomicFiles.writeString(f, "one");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
    AtomicFiles.writeString(f, "two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-r-----");
    assertThat(Files.readString(f)).isEqualTo("two");
  }
}
