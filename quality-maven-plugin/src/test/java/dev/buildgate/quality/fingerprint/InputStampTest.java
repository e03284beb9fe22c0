package dev.buildgate.quality.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputStampTest {
  @TempDir Path root;

  private Path aged(String rel, String content, int secondsAgo) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
    return p;
  }

  @Test
  void sizeOrTimeChangesTheStampWithoutReadingContent() throws Exception {
    Path a = aged("src/a.py", "x = 1\n", 60);
    aged("src/b.py", "y = 2\n", 60);
    String s = InputStamp.of(root, List.of("**"), List.of());
    assertThat(InputStamp.isRacy(s)).isFalse();
    assertThat(s).startsWith("2:");
    assertThat(InputStamp.of(root, List.of("**"), List.of())).isEqualTo(s);
    Files.setLastModifiedTime(a, FileTime.from(Instant.now().minusSeconds(30)));
    assertThat(InputStamp.of(root, List.of("**"), List.of())).isNotEqualTo(s);
  }

  @Test
  void aFileModifiedJustNowMakesTheStampRacy() throws Exception {
    aged("src/a.py", "x = 1\n", 60);
    Files.writeString(root.resolve("src/b.py"), "fresh\n");
    assertThat(InputStamp.isRacy(InputStamp.of(root, List.of("**"), List.of()))).isTrue();
    // an excluded fresh file does not count
    assertThat(InputStamp.isRacy(InputStamp.of(root, List.of("**"), List.of("src/b.py"))))
        .isFalse();
  }
}
