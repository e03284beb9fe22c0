package dev.buildgate.quality.run;

import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.io.Glob;
import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.QualityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an analyzer reads before and after its tool runs: the checks of its configuration against
 * the file system, whether it has any Python file to analyze, and which findings its excludes drop.
 */
public final class AnalyzerInputs {

  private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{[^}]+}");

  private AnalyzerInputs() {}

  /**
   * Checks the working directory, the config file and the environment of an analyzer.
   *
   * @throws QualityException one line naming the field to fix
   */
  public static void check(AnalyzerConfig c) throws QualityException {
    if (!Files.isDirectory(c.workingDir())) {
      throw new QualityException(
          "working directory "
              + c.workingDir()
              + " does not exist: fix <workingDirectory> of "
              + c.id());
    }
    if (c.configFile() != null && !Files.isRegularFile(c.configFile())) {
      throw new QualityException(
          "config file "
              + c.configFile()
              + " does not exist: fix <configFile> of "
              + c.id()
              + " (relative paths are relative to "
              + c.workingDir()
              + ")");
    }
    for (Map.Entry<String, String> e : c.env().entrySet()) {
      if (e.getValue() != null && UNRESOLVED.matcher(e.getValue()).find()) {
        throw new QualityException(
            "environment variable "
                + e.getKey()
                + " of "
                + c.id()
                + " is '"
                + e.getValue()
                + "', an unresolved expression: set the variable it refers to, or use"
                + " <envFrom>/<envFromServers>");
      }
    }
  }

  /** Whether any .py/.pyi file is in scope (stops at the first one). */
  public static boolean hasPythonFiles(AnalyzerConfig c) throws QualityException {
    List<Glob> ex = new ArrayList<>();
    for (String e : c.excludes()) {
      ex.add(Glob.orBelow(e));
    }
    for (String inc : c.includes()) {
      Path start = c.workingDir().resolve(inc).normalize();
      if (Files.isRegularFile(start)) {
        return true;
      }
      if (!Files.isDirectory(start)) {
        throw new QualityException(
            c.id()
                + ": path "
                + start
                + " does not exist: fix <includes> (relative to "
                + c.workingDir()
                + ")");
      }
      try (var paths = Files.walk(start)) {
        boolean found =
            paths
                .filter(
                    p -> {
                      String n = p.getFileName() == null ? "" : p.getFileName().toString();
                      return n.endsWith(".py") || n.endsWith(".pyi");
                    })
                .map(p -> c.workingDir().relativize(p).toString().replace('\\', '/'))
                .anyMatch(rel -> ex.stream().noneMatch(x -> x.matches(rel)));
        if (found) {
          return true;
        }
      } catch (IOException | UncheckedIOException e) {
        throw new QualityException("Cannot read " + start + ": " + e.getMessage(), e);
      }
    }
    return false;
  }

  /** The working directory as the messages show it: {@code .} or relative to the repository. */
  public static Object shownWorkingDir(AnalyzerConfig c) {
    return c.repoRoot().equals(c.workingDir()) ? "." : c.repoRoot().relativize(c.workingDir());
  }

  /** Drops findings in excluded paths (relative to the working directory). */
  static List<Finding> excluded(AnalyzerConfig c, List<Finding> findings) {
    if (c.excludes().isEmpty()) {
      return findings;
    }
    List<Glob> patterns = new ArrayList<>();
    for (String e : c.excludes()) {
      patterns.add(Glob.orBelow(e));
    }
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      if (f.file() == null) {
        out.add(f);
        continue;
      }
      Path abs = c.repoRoot().resolve(f.file()).normalize();
      String rel =
          abs.startsWith(c.workingDir())
              ? c.workingDir().relativize(abs).toString().replace('\\', '/')
              : f.file();
      boolean drop = false;
      for (Glob p : patterns) {
        if (p.matches(rel)) {
          drop = true;
          break;
        }
      }
      if (!drop) {
        out.add(f);
      }
    }
    return out;
  }
}
