package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

  @TempDir Path tmp;

  @Test
  void deletesATreeButNotWhatALinkPointsTo() throws IOException {
    Path keep = Files.createDirectories(tmp.resolve("keep"));
    Files.writeString(keep.resolve("k.txt"), "k");
    Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
    Files.writeString(tree.resolve("f.txt"), "f");
    Files.writeString(tmp.resolve("tree/top.txt"), "t");
    Files.createSymbolicLink(tmp.resolve("tree/a/link"), keep);

    FileTrees.deleteRecursively(tmp.resolve("tree"));

    assertThat(tmp.resolve("tree")).doesNotExist();
    assertThat(keep.resolve("k.txt")).hasContent("k");
  }

  @Test
  void aFileADanglingLinkAndAMissingPathAreFine() throws IOException {
    Path file = Files.writeString(tmp.resolve("f.txt"), "f");
    Path link = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));

    FileTrees.deleteRecursively(file);
    FileTrees.deleteRecursively(link);
    FileTrees.deleteRecursively(tmp.resolve("missing"));

    assertThat(file).doesNotExist();
    assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void whatCannotBeDeletedIsAnError() throws IOException {
    Path locked = Files.createDirectories(tmp.resolve("locked"));
    Files.writeString(locked.resolve("f.txt"), "f");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
    try {
      if (Files.isWritable(locked)) {
        return; // running as root: permissions do not stop a delete
      }
      assertThatThrownBy(() -> FileTrees.deleteRecursively(locked))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("f.txt");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }
}
