package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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

  @Test
  void awaitQuietWaitsForAWriteUnderWayToFinish() throws Exception {
    Path target = dir.resolve("images.json");
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try {
                AtomicFiles.write(
                    target,
                    out -> {
                      writing.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        throw new IOException(e);
                      }
                      out.write('x');
                    });
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    writer.start();
    writing.await();
    new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              release.countDown();
            })
        .start();
    AtomicFiles.awaitQuiet(Duration.ofMillis(50), Duration.ofSeconds(10));
    // it returned only after the write had moved its file into place
    assertThat(target).hasContent("x");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
    writer.join();
  }

  @Test
  void awaitQuietGivesUpAtItsLimit() {
    long t0 = System.nanoTime();
    AtomicFiles.awaitQuiet(Duration.ofSeconds(30), Duration.ofMillis(100));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }
}
