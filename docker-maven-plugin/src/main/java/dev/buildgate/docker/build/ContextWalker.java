package dev.buildgate.docker.build;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * Walks a build context the way Docker sends it: paths excluded by {@code .dockerignore} are
 * skipped, whole directories are skipped unless an exception pattern may re-include something below
 * them. Streaming: one entry at a time, in sorted-per-directory order is not guaranteed.
 */
public final class ContextWalker {

  /** Receives each included entry. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * One entry.
     *
     * @param relPath context-relative path with {@code /}
     * @param path the file
     * @param attrs its attributes (not following symlinks)
     * @throws IOException to stop the walk
     */
    void visit(String relPath, Path path, BasicFileAttributes attrs) throws IOException;
  }

  private ContextWalker() {}

  /**
   * Walks the context.
   *
   * @param root the context directory
   * @param ignore the rules
   * @param visitor receives directories (before their content), files and symlinks
   * @throws IOException on a read error
   */
  public static void walk(Path root, DockerIgnore ignore, Visitor visitor) throws IOException {
    Files.walkFileTree(
        root,
        EnumSet.noneOf(FileVisitOption.class),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            String rel = rel(root, dir);
            if (ignore.excluded(rel)) {
              return ignore.mayIncludeBelow(rel)
                  ? FileVisitResult.CONTINUE
                  : FileVisitResult.SKIP_SUBTREE;
            }
            visitor.visit(rel, dir, attrs);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String rel = rel(root, file);
            if (!ignore.excluded(rel)) {
              visitor.visit(rel, file, attrs);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }
}
