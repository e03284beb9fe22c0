package dev.buildgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStampsTest {
  @TempDir Path dir;

  private Path old(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60)));
    return p;
  }

  @Test
  void sameFilesSameStampWithoutReadingThem() throws Exception {
    Path a = old("a", "one");
    String s = FileStamps.of(List.of(a, dir.resolve("missing")), List.of("--version"));
    assertThat(s).hasSize(64);
    assertThat(FileStamps.of(List.of(a, dir.resolve("missing")), List.of("--version")))
        .isEqualTo(s);
  }

  @Test
  void sizeTimeReplacementCreationAndValuesChangeTheStamp() throws Exception {
    Path a = old("a", "one");
    Path missing = dir.resolve("b");
    String s = FileStamps.of(List.of(a, missing), List.of("x"));
    assertThat(FileStamps.of(List.of(a, missing), List.of("y"))).isNotEqualTo(s);

    Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(30)));
    String touched = FileStamps.of(List.of(a, missing), List.of("x"));
    assertThat(touched).isNotEqualTo(s);

    Files.writeString(a, "three");
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(30)));
    assertThat(FileStamps.of(List.of(a, missing), List.of("x"))).isNotEqualTo(touched);

    // same size and time, but another file moved in its place (an upgrade by rename)
    String before = FileStamps.of(List.of(a, missing), List.of("x"));
    Path other = old("other", "thrEE");
    Files.setLastModifiedTime(other, Files.getLastModifiedTime(a));
    Files.move(other, a, StandardCopyOption.REPLACE_EXISTING);
    assertThat(FileStamps.of(List.of(a, missing), List.of("x"))).isNotEqualTo(before);

    String withoutB = FileStamps.of(List.of(a, missing), List.of("x"));
    old("b", "");
    assertThat(FileStamps.of(List.of(a, missing), List.of("x"))).isNotEqualTo(withoutB);
  }

  @Test
  void followsSymlinksToTheRealFile() throws Exception {
    Path real = old("real", "v1");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    String s = FileStamps.of(List.of(link), List.of());
    Path real2 = old("real2", "v2");
    Files.delete(link);
    Files.createSymbolicLink(link, real2);
    assertThat(FileStamps.of(List.of(link), List.of())).isNotEqualTo(s);
  }

  @Test
  void aJustModifiedFileGivesNoStamp() throws Exception {
    Path a = dir.resolve("fresh");
    Files.writeString(a, "now");
    assertThat(FileStamps.of(List.of(a), List.of())).isNull();
  }
}
