package dev.buildgate.docker.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a build context as a tar stream, one file at a time (the heap stays flat however large the
 * context is), honouring {@code .dockerignore}.
 */
public final class ContextTar {

  private ContextTar() {}

  /**
   * Streams the context.
   *
   * @param root the context directory
   * @param ignore the rules
   * @param extra extra files added at the end (e.g. a generated Dockerfile), path to content; a
   *     context file of the same path is left out (the extra file replaces it)
   * @param out where the tar goes (not closed)
   * @return the number of entries written
   * @throws IOException on a read or write error
   */
  public static long write(
      Path root, DockerIgnore ignore, Map<String, byte[]> extra, OutputStream out)
      throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    long[] count = {0};
    byte[] buf = new byte[64 * 1024];
    ContextWalker.walk(
        root,
        ignore,
        (rel, path, attrs) -> {
          if (extra.containsKey(rel)) {
            return; // replaced by the extra file of the same path
          }
          TarArchiveEntry e;
          if (attrs.isSymbolicLink()) {
            e = new TarArchiveEntry(rel, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(path).toString());
          } else if (attrs.isDirectory()) {
            e = new TarArchiveEntry(rel + "/");
          } else if (attrs.isRegularFile()) {
            e = new TarArchiveEntry(rel);
            e.setSize(attrs.size());
          } else {
            return; // sockets, fifos: Docker skips them too
          }
          e.setMode(mode(path, attrs.isDirectory(), attrs.isSymbolicLink()));
          e.setModTime(attrs.lastModifiedTime().toMillis());
          tar.putArchiveEntry(e);
          if (attrs.isRegularFile()) {
            try (InputStream in = Files.newInputStream(path)) {
              int n;
              while ((n = in.read(buf)) > 0) {
                tar.write(buf, 0, n);
              }
            }
          }
          tar.closeArchiveEntry();
          count[0]++;
        });
    for (Map.Entry<String, byte[]> x : extra.entrySet()) {
      TarArchiveEntry e = new TarArchiveEntry(x.getKey());
      e.setSize(x.getValue().length);
      e.setMode(0100644);
      tar.putArchiveEntry(e);
      tar.write(x.getValue());
      tar.closeArchiveEntry();
      count[0]++;
    }
    tar.finish();
    tar.flush();
    return count[0];
  }

  private static int mode(Path p, boolean dir, boolean link) {
    int type = link ? 0120000 : dir ? 040000 : 0100000;
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      int m = 0;
      for (PosixFilePermission perm : perms) {
        m |= 1 << (8 - perm.ordinal());
      }
      return type | m;
    } catch (UnsupportedOperationException | IOException e) {
      return type | (dir ? 0755 : 0644);
    }
  }
}
