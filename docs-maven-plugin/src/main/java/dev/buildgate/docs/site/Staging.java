package dev.buildgate.docs.site;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Copies the site generator's inputs (config file, docs directory, extra inputs) under a staging
 * directory, keeping their paths relative to the project, so the OpenAPI spec can be injected
 * without changing the sources.
 */
public final class Staging {

  private Staging() {}

  /**
   * The staged inputs.
   *
   * @param dir the staging directory
   * @param configFile the staged config file
   * @param docsDir the staged docs directory
   */
  public record Staged(Path dir, Path configFile, Path docsDir) {}

  /** Stages the inputs, replacing whatever the staging directory held. */
  public static Staged stage(
      Path basedir, Path configFile, Path docsDir, List<Path> extraInputs, Path stagingDir)
      throws GateCannotRunException {
    Path base = basedir.toAbsolutePath().normalize();
    Path config = base.resolve(configFile).normalize();
    Path docs = base.resolve(docsDir).normalize();
    if (!Files.isRegularFile(config)) {
      throw new GateCannotRunException(
          "Site config "
              + config
              + " not found: create it or set <configFile> (buildgate.docs.configFile) to the mkdocs.yml.");
    }
    if (!Files.isDirectory(docs)) {
      throw new GateCannotRunException(
          "Docs directory "
              + docs
              + " not found: create it or set <docsDirectory> (buildgate.docs.directory).");
    }
    Path staging = stagingDir.toAbsolutePath().normalize();
    try {
      FileTrees.deleteRecursively(staging);
      Files.createDirectories(staging);
      Path stagedConfig = staging.resolve(relative(base, config, "configFile"));
      Files.createDirectories(stagedConfig.getParent());
      Files.copy(config, stagedConfig, StandardCopyOption.REPLACE_EXISTING);
      Path stagedDocs = staging.resolve(relative(base, docs, "docsDirectory"));
      copyTree(docs, stagedDocs, staging);
      for (Path extra : extraInputs == null ? List.<Path>of() : extraInputs) {
        Path abs = base.resolve(extra).normalize();
        if (!Files.exists(abs)) {
          throw new GateCannotRunException(
              "Extra docs input " + abs + " not found: fix <additionalInputs>.");
        }
        Path target = staging.resolve(relative(base, abs, "additionalInputs"));
        if (Files.isDirectory(abs)) {
          copyTree(abs, target, staging);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(abs, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return new Staged(staging, stagedConfig, stagedDocs);
    } catch (IOException e) {
      throw new GateCannotRunException(
          "Could not stage the docs under " + staging + ": " + e.getMessage(), e);
    }
  }

  private static Path relative(Path base, Path p, String param) throws GateCannotRunException {
    if (!p.startsWith(base) || p.equals(base)) {
      throw new GateCannotRunException(
          "<" + param + "> " + p + " must be inside the project directory " + base + ".");
    }
    return base.relativize(p);
  }

  private static void copyTree(Path from, Path to, Path staging) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (dir.toAbsolutePath().normalize().equals(staging)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
